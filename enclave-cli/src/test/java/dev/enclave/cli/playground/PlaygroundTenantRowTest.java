package dev.enclave.cli.playground;

import static org.assertj.core.api.Assertions.assertThat;

import dev.enclave.api.v1alpha1.TenantCluster;
import dev.enclave.api.v1alpha1.TenantClusterSpec;
import dev.enclave.api.v1alpha1.TenantClusterStatus;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlaygroundTenantRowTest {
  @Test
  void aReadyTenantListsItsConditionsAndHasNothingToExplain() {
    TenantRow row =
        TenantRow.observed(
            "host-eu",
            declared(),
            live(
                "Ready",
                c("Compliant", "True", "RulesPassed"),
                c("ControlPlaneReady", "True", "ReplicasReady"),
                c("Ready", "True", "ReplicasReady")),
            List.of());

    assertThat(row.ready()).isTrue();
    assertThat(row.conditions()).isEqualTo("Compliant ControlPlaneReady Ready");
    assertThat(TenantTable.reasons(List.of(row))).isEmpty();
  }

  @Test
  void aTenantWaitingForReplicasIsNotSettledYet() {
    TenantRow row =
        TenantRow.observed(
            "host-eu",
            declared(),
            live(
                "Provisioning",
                c("Compliant", "True", "RulesPassed"),
                c("Ready", "False", "ReplicasNotReady")),
            List.of());

    assertThat(row.terminalReason()).isNull();
    assertThat(row.conditions()).isEqualTo("Compliant Ready=False(ReplicasNotReady)");
    assertThat(TenantTable.reasons(List.of(row)))
        .containsExactly("tenants-eu/acme: not Ready yet: Ready: ReplicasNotReady");
  }

  @Test
  void anUnschedulableControlPlanePodIsATerminalReason() {
    Pod pending =
        new PodBuilder()
            .withNewMetadata()
            .withName("acme-0")
            .endMetadata()
            .withNewSpec()
            .endSpec()
            .withNewStatus()
            .withPhase("Pending")
            .addNewCondition()
            .withType("PodScheduled")
            .withStatus("False")
            .withReason("Unschedulable")
            .withMessage(
                "0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector.")
            .endCondition()
            .endStatus()
            .build();

    TenantRow row =
        TenantRow.observed(
            "host-eu",
            declared(),
            live("Provisioning", c("Ready", "False", "ReplicasNotReady")),
            List.of(pending));

    assertThat(row.terminalReason())
        .isEqualTo(
            "unschedulable: pod acme-0: 0/3 nodes are available: 3 node(s) didn't match"
                + " Pod's node affinity/selector.");
  }

  @Test
  void aJurisdictionTheHostDoesNotServeIsATerminalReason() {
    TenantRow row =
        TenantRow.observed(
            "prod",
            declared(),
            live("Pending", c("Ready", "False", "JurisdictionNotServed")),
            List.of());

    assertThat(row.terminalReason()).startsWith("jurisdiction not served");
  }

  @Test
  void theTableAlignsItsColumnsUnderTheHeader() {
    TenantRow row =
        TenantRow.observed(
            "host-eu", declared(), live("Ready", c("Ready", "True", "ReplicasReady")), List.of());

    assertThat(TenantTable.render(List.of(row)).lines())
        .containsExactly(
            "HOST      NAMESPACE/NAME    JURISDICTION   VERSION   PHASE   CONDITIONS",
            "host-eu   tenants-eu/acme   eu             1.37.2    Ready   Ready");
  }

  private static TenantCluster declared() {
    TenantCluster tenant = new TenantCluster();
    tenant.setMetadata(
        new ObjectMetaBuilder().withName("acme").withNamespace("tenants-eu").build());
    TenantClusterSpec spec = new TenantClusterSpec();
    spec.setJurisdiction("eu");
    spec.setKubernetesVersion("1.37.2");
    tenant.setSpec(spec);
    return tenant;
  }

  private static TenantCluster live(String phase, Condition... conditions) {
    TenantCluster tenant = declared();
    TenantClusterStatus status = new TenantClusterStatus();
    status.setPhase(phase);
    status.setConditions(List.of(conditions));
    tenant.setStatus(status);
    return tenant;
  }

  private static Condition c(String type, String status, String reason) {
    return new ConditionBuilder().withType(type).withStatus(status).withReason(reason).build();
  }
}
