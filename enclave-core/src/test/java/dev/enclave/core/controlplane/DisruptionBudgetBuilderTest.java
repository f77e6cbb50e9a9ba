package dev.enclave.core.controlplane;

import static org.assertj.core.api.Assertions.assertThat;

import dev.enclave.api.v1alpha1.TenantCluster;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import org.junit.jupiter.api.Test;

class DisruptionBudgetBuilderTest {

  @Test
  void aSingleReplicaHasNoBudget() {
    assertThat(DisruptionBudgetBuilder.build(Fixtures.model(Fixtures.embedded()))).isEmpty();
  }

  @Test
  void anHaControlPlaneOnASharedStoreMayLoseOnePodAtATime() {
    PodDisruptionBudget budget =
        DisruptionBudgetBuilder.build(Fixtures.model(Fixtures.postgresql())).orElseThrow();

    assertThat(budget.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
    assertThat(budget.getSpec().getMinAvailable()).isNull();
    assertThat(budget.getSpec().getSelector().getMatchLabels())
        .isEqualTo(HostLabels.controlPlaneSelector(Fixtures.model(Fixtures.postgresql())));
  }

  @Test
  void anHaEmbeddedEtcdKeepsItsQuorum() {
    TenantCluster tenant = Fixtures.embedded();
    tenant.getSpec().setControlPlane(Fixtures.controlPlane(5, false));

    PodDisruptionBudget budget =
        DisruptionBudgetBuilder.build(Fixtures.model(tenant)).orElseThrow();

    assertThat(budget.getSpec().getMinAvailable().getIntVal()).isEqualTo(3);
    assertThat(budget.getSpec().getMaxUnavailable()).isNull();
  }
}
