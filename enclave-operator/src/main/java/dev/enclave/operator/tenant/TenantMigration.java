package dev.enclave.operator.tenant;

import dev.enclave.api.v1alpha1.ControlPlaneSpec;
import dev.enclave.api.v1alpha1.TenantCluster;
import dev.enclave.api.v1alpha1.TenantClusterStatus;
import dev.enclave.operator.status.Conditions;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Clock;
import java.util.List;

/**
 * What the operator of each host does while {@code enclavectl migrate} moves a tenant cluster to
 * another host of its jurisdiction. The CLI asks with annotations on the TenantCluster:
 *
 * <ul>
 *   <li>{@link #MIGRATE_TO} on the source: the control plane is rendered with no replica, so
 *       nothing writes to the tenant's store any more and its syncer stops; the phase is {@code
 *       Migrating} and {@code Ready} is False with reason {@code Migrating}. Removing the
 *       annotation starts the control plane again (the way back from a migration that stopped).
 *   <li>{@link #MIGRATED_TO} on the source when it is deleted: the control plane runs on the target
 *       now, on the same share of the same shared DataStore, so there is no final backup and the
 *       share is left in the store; the host objects go as on any deletion.
 *   <li>{@link #MIGRATED_FROM} on the target: where the tenant came from, written by the CLI once
 *       nothing of it was left on the source; the evidence report shows it.
 * </ul>
 */
public final class TenantMigration {
  public static final String MIGRATE_TO = "enclave.dev/migrate-to";
  public static final String MIGRATED_TO = "enclave.dev/migrated-to";
  public static final String MIGRATED_FROM = "enclave.dev/migrated-from";
  /** The phase and the {@code Ready} reason of a tenant whose control plane is stopped to move. */
  public static final String MIGRATING = "Migrating";

  private TenantMigration() {}

  /** The host the tenant is moving to, while the CLI moves it; null otherwise. */
  public static String movingTo(TenantCluster tenant) {
    return TenantAnnotations.value(tenant, MIGRATE_TO);
  }

  /** Whether the tenant was deleted here because its control plane runs on another host now. */
  static boolean movedAway(TenantCluster tenant) {
    return TenantAnnotations.value(tenant, MIGRATED_TO) != null;
  }

  /** The tenant as rendered while it moves: its control plane without a replica. */
  static TenantCluster stopped(TenantCluster tenant) {
    TenantCluster view = Serialization.clone(tenant);
    if (view.getSpec().getControlPlane() == null) {
      view.getSpec().setControlPlane(new ControlPlaneSpec());
    }
    view.getSpec().getControlPlane().setReplicas(0);
    return view;
  }

  /** Phase {@code Migrating}, and {@code Ready} False saying where to and that nothing serves. */
  static void applyTo(TenantClusterStatus status, TenantCluster tenant, Clock clock) {
    status.setPhase(MIGRATING);
    Condition wanted =
        Conditions.of(
            TenantConditions.READY,
            false,
            MIGRATING,
            "moving to "
                + movingTo(tenant)
                + " (enclavectl migrate): the control plane is stopped here; remove annotation "
                + MIGRATE_TO
                + " to start it again",
            tenant.getMetadata().getGeneration());
    List<Condition> previous = tenant.getStatus() == null ? List.of() : tenant.getStatus().getConditions();
    status.setConditions(Conditions.put(status.getConditions(), previous, wanted, clock));
  }
}
