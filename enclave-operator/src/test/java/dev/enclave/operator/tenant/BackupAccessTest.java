package dev.enclave.operator.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import dev.enclave.api.v1alpha1.ControlPlaneSpec;
import dev.enclave.api.v1alpha1.TenantCluster;
import dev.enclave.core.controlplane.ControlPlaneBuilder;
import dev.enclave.operator.Fixtures;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BackupAccessTest {
  private final BackupAccess access = new BackupAccess("enclave-system");

  @Test
  void aThreeMemberEmbeddedEtcdAdmitsTheOperatorsPodsFromTheOperatorsNamespaceOnlyOnItsClientPort() {
    TenantCluster tenant = withReplicas(3);
    List<HasMetadata> rendered = ControlPlaneBuilder.build(tenant, Fixtures.eu(), null);

    List<HasMetadata> withAccess = access.addTo(tenant, rendered);

    assertThat(withAccess).hasSize(rendered.size() + 1).containsAll(rendered);
    NetworkPolicy policy = (NetworkPolicy) withAccess.get(withAccess.size() - 1);
    StatefulSet controlPlane =
        rendered.stream().filter(StatefulSet.class::isInstance).map(StatefulSet.class::cast).findFirst().orElseThrow();
    // The same pods as the rendered etcd peers policy: the control plane's.
    assertThat(policy.getMetadata().getName()).isEqualTo(BackupAccess.POLICY);
    assertThat(policy.getMetadata().getNamespace()).isEqualTo(controlPlane.getMetadata().getNamespace());
    assertThat(policy.getMetadata().getLabels()).containsAllEntriesOf(OwnerLabels.of(tenant));
    assertThat(policy.getSpec().getPodSelector().getMatchLabels())
        .isEqualTo(controlPlane.getSpec().getSelector().getMatchLabels());
    assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress");
    NetworkPolicyIngressRule rule = policy.getSpec().getIngress().get(0);
    assertThat(policy.getSpec().getIngress()).hasSize(1);
    assertThat(rule.getPorts()).singleElement().satisfies(p -> {
      assertThat(p.getPort().getIntVal()).isEqualTo(2379);
      assertThat(p.getProtocol()).isEqualTo("TCP");
    });
    // One peer with both selectors: the operator's pods, and only in the operator's namespace.
    assertThat(rule.getFrom()).singleElement().satisfies(peer -> {
      assertThat(peer.getNamespaceSelector().getMatchLabels())
          .isEqualTo(Map.of("kubernetes.io/metadata.name", "enclave-system"));
      assertThat(peer.getPodSelector().getMatchLabels())
          .isEqualTo(Map.of("app.kubernetes.io/name", "enclave-operator"));
      assertThat(peer.getIpBlock()).isNull();
    });
  }

  @Test
  void aSingleMemberOnItsPodsLoopbackHasNoPeersPolicyAndGetsNoPolicyEither() {
    TenantCluster tenant = Fixtures.acme();
    List<HasMetadata> rendered = ControlPlaneBuilder.build(tenant, Fixtures.eu(), null);

    assertThat(access.addTo(tenant, rendered)).isSameAs(rendered);
  }

  private static TenantCluster withReplicas(int replicas) {
    TenantCluster tenant = Fixtures.acme();
    if (tenant.getSpec().getControlPlane() == null) {
      tenant.getSpec().setControlPlane(new ControlPlaneSpec());
    }
    tenant.getSpec().getControlPlane().setReplicas(replicas);
    return tenant;
  }
}
