package dev.enclave.operator.backup;

import dev.enclave.api.v1alpha1.BackupSpec;
import dev.enclave.api.v1alpha1.BackupStatus;
import dev.enclave.api.v1alpha1.TenantCluster;
import dev.enclave.api.v1alpha1.TenantClusterStatus;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What a tenant's deletion does to its backups before its host objects go: a final backup unless
 * {@code spec.backup.final: false} (retried, the finalizer kept, while it fails), then the time its
 * backups expire written on its backup key Secret, for {@link BackupShredder}: when the newest
 * backup would have left retention had the tenant lived ({@code retention} scheduled times later),
 * or {@code retention} days without a schedule.
 */
public final class BackupDeletion {
  public static final String DELETED_AT = "enclave.dev/tenant-deleted-at";
  public static final String EXPIRES_AT = "enclave.dev/backups-expire-at";
  public static final Duration RETRY = Duration.ofSeconds(30);

  private final KubernetesClient client;
  private final TenantBackups backups;
  private final BackupKeys keys;
  private final BackupEvents events;
  private final Clock clock;

  public BackupDeletion(KubernetesClient client, TenantBackups backups, BackupKeys keys, BackupEvents events, Clock clock) {
    this.client = client;
    this.backups = backups;
    this.keys = keys;
    this.events = events;
    this.clock = clock;
  }

  /** The operator's instance on a host. */
  public static BackupDeletion forHost(KubernetesClient client, TenantBackups backups, Clock clock) {
    return new BackupDeletion(client, backups, backups.resolver().keys(), new BackupEvents(client, clock), clock);
  }

  /** Empty once the host objects may go; else how soon to try the final backup again. */
  public Optional<Duration> beforeTeardown(TenantCluster tenant) {
    BackupSpec spec = tenant.getSpec() == null ? null : tenant.getSpec().getBackup();
    if (spec == null) {
      return Optional.empty();
    }
    if (spec.takesFinalBackup() && !expiryMarked(tenant)) {
      BackupStatus status = backups.backUp(tenant);
      patchStatus(tenant, status);
      if (status.getLastFailure() != null) {
        events.warning(tenant, BackupEvents.FINAL_BACKUP_FAILED,
            "final backup before deletion failed (retrying; set spec.backup.final: false to delete without one): "
                + status.getLastFailure());
        return Optional.of(RETRY);
      }
      events.normal(tenant, BackupEvents.FINAL_BACKUP_TAKEN,
          "final backup " + status.getLastBackupId() + " taken before deletion; its key is kept until it expires");
    }
    markExpiry(tenant);
    return Optional.empty();
  }

  /** The expiry is written only after the final backup: once it is there, the final backup was taken. */
  private boolean expiryMarked(TenantCluster tenant) {
    Secret secret =
        client.secrets().inNamespace(keys.namespace()).withName(BackupKeys.secretName(TenantBackupResolver.backupUid(tenant))).get();
    return secret != null && secret.getMetadata().getAnnotations() != null
        && secret.getMetadata().getAnnotations().containsKey(EXPIRES_AT);
  }

  private void markExpiry(TenantCluster tenant) {
    String uid = TenantBackupResolver.backupUid(tenant);
    Secret secret = client.secrets().inNamespace(keys.namespace()).withName(BackupKeys.secretName(uid)).get();
    if (secret == null || expiryMarked(tenant)) {
      return;
    }
    Instant now = clock.instant();
    String newest = TenantBackups.previous(tenant).getLastSuccessTime();
    Instant from = newest == null ? now : Instant.parse(newest);
    String schedule = tenant.getSpec().getBackup().getSchedule();
    int retention = TenantBackups.retention(tenant);
    Instant expires;
    try {
      expires = schedule == null
          ? from.plus(Duration.ofDays(retention))
          : BackupSchedule.parse(schedule, TenantStoreAccess.describe(tenant)).nthAfter(from, retention);
    } catch (RuntimeException e) {
      expires = from.plus(Duration.ofDays(retention));
    }
    String expiresAt = expires.toString();
    client.secrets().inNamespace(keys.namespace()).withName(BackupKeys.secretName(uid))
        .edit(s -> {
          s.getMetadata().getAnnotations().put(DELETED_AT, now.toString());
          s.getMetadata().getAnnotations().put(EXPIRES_AT, expiresAt);
          return s;
        });
  }

  private void patchStatus(TenantCluster tenant, BackupStatus backup) {
    TenantClusterStatus status = tenant.getStatus() == null ? new TenantClusterStatus() : tenant.getStatus();
    status.setBackup(backup);
    tenant.setStatus(status);
    client.resource(tenant).patchStatus();
  }
}
