package dev.enclave.operator;

import static dev.enclave.operator.OperatorHarness.servingEu;
import static org.assertj.core.api.Assertions.assertThat;

import dev.enclave.api.v1alpha1.TenantCluster;
import dev.enclave.operator.tenant.TenantConditions;
import dev.enclave.operator.tenant.TenantMigration;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the operator does with the annotations {@code enclavectl migrate} writes, on fabric8's mock:
 * the control plane stopped and started again, and a deletion after the move that neither takes
 * a final backup nor waits for one. The whole move between two real hosts is in MigrateIT.
 */
class MigrationTest {
  private final OperatorHarness harness = new OperatorHarness();
  private final TenantCluster acme = Fixtures.acme();

  @AfterEach
  void stop() {
    harness.close();
  }

  @Test
  void aTenantMovingAwayHasItsControlPlaneStopped_andStartedAgainWhenTheMoveIsCalledOff() {
    harness.declare(Fixtures.eu());
    harness.start(servingEu());
    harness.provisionReady(acme);

    annotate(TenantMigration.MIGRATE_TO, "host-eu-2");

    Poll.until("no control-plane replica", () -> harness.controlPlane(acme).getSpec().getReplicas() == 0);
    Poll.until("phase Migrating", () -> "Migrating".equals(harness.phaseOf(acme)));
    assertThat(ready().getStatus()).isEqualTo("False");
    assertThat(ready().getReason()).isEqualTo("Migrating");
    assertThat(ready().getMessage())
        .isEqualTo("moving to host-eu-2 (enclavectl migrate): the control plane is stopped here; remove"
            + " annotation enclave.dev/migrate-to to start it again");

    annotate(TenantMigration.MIGRATE_TO, null);

    Poll.until("one control-plane replica again", () -> harness.controlPlane(acme).getSpec().getReplicas() == 1);
    harness.markControlPlaneReady(acme);
    Poll.until("phase Ready again", () -> "Ready".equals(harness.phaseOf(acme)));
  }

  @Test
  void aTenantDeletedAfterItMovedTakesNoFinalBackupAndIsRemovedFromThisHost() {
    harness.declare(Fixtures.eu());
    harness.start(servingEu());
    harness.provisionReady(acme);
    annotate(TenantMigration.MIGRATED_TO, "host-eu-2");

    harness.client.resources(TenantCluster.class).inNamespace("tenants-eu").withName("acme").delete();

    // Without the annotation the final backup would fail (the target has no credentials) and
    // keep the finalizer: see TenantClusterReconcilerTest.
    Poll.until("the tenant is gone", () -> harness.tenant("tenants-eu", "acme") == null);
    assertThat(harness.client.namespaces().withName("tc-tenants-eu-acme").get()).isNull();
    assertThat(harness.client.v1().events().inNamespace("tenants-eu").list().getItems())
        .noneSatisfy(e -> assertThat(e.getReason()).startsWith("FinalBackup"));
  }

  private Condition ready() {
    return harness.tenant("tenants-eu", "acme").getStatus().getConditions().stream()
        .filter(c -> TenantConditions.READY.equals(c.getType())).findFirst().orElseThrow();
  }

  private void annotate(String key, String value) {
    harness.client.resources(TenantCluster.class).inNamespace("tenants-eu").withName("acme")
        .edit(t -> {
          Map<String, String> all = new HashMap<>();
          if (t.getMetadata().getAnnotations() != null) {
            all.putAll(t.getMetadata().getAnnotations());
          }
          if (value == null) {
            all.remove(key);
          } else {
            all.put(key, value);
          }
          t.getMetadata().setAnnotations(all);
          return t;
        });
  }
}
