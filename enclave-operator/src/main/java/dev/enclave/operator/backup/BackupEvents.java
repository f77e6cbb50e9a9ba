package dev.enclave.operator.backup;

import dev.enclave.api.v1alpha1.TenantCluster;
import dev.enclave.operator.status.TenantEvents;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Events about a tenant's backups: Normal for a final backup and a shredded key, Warning for a failure. */
public final class BackupEvents {
  public static final String FINAL_BACKUP_TAKEN = "FinalBackupTaken";
  public static final String FINAL_BACKUP_FAILED = "FinalBackupFailed";
  public static final String KEY_SHREDDED = "BackupKeyShredded";
  private static final Logger LOG = LoggerFactory.getLogger(BackupEvents.class);

  private final KubernetesClient client;
  private final TenantEvents events;

  public BackupEvents(KubernetesClient client, Clock clock) {
    this.client = client;
    this.events = new TenantEvents(client, clock);
  }

  public void warning(TenantCluster tenant, String reason, String message) {
    events.warning(tenant, reason, message);
  }

  public void normal(TenantCluster tenant, String reason, String message) {
    try {
      client.v1().events().inNamespace(tenant.getMetadata().getNamespace())
          .resource(new EventBuilder(events.event(tenant, reason, message)).withType("Normal").build())
          .create();
    } catch (KubernetesClientException e) {
      LOG.warn("{}: cannot record a {} event: {}", TenantStoreAccess.describe(tenant), reason, e.getMessage());
    }
  }
}
