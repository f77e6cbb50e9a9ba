package dev.enclave.operator.backup;

import dev.enclave.api.v1alpha1.TenantCluster;
import dev.enclave.operator.status.TenantEvents;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;

/** Events about a tenant's backups: Normal for a final backup and a shredded key, Warning for a failure. */
public final class BackupEvents {
  public static final String FINAL_BACKUP_TAKEN = "FinalBackupTaken";
  public static final String FINAL_BACKUP_FAILED = "FinalBackupFailed";
  public static final String KEY_SHREDDED = "BackupKeyShredded";

  private final TenantEvents events;

  public BackupEvents(KubernetesClient client, Clock clock) {
    this.events = new TenantEvents(client, clock);
  }

  public void warning(TenantCluster tenant, String reason, String message) {
    events.warning(tenant, reason, message);
  }

  public void normal(TenantCluster tenant, String reason, String message) {
    events.normal(tenant, reason, message);
  }
}
