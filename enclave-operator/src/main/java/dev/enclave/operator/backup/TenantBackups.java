package dev.enclave.operator.backup;

import dev.enclave.api.v1alpha1.BackupSpec;
import dev.enclave.api.v1alpha1.BackupStatus;
import dev.enclave.api.v1alpha1.TenantCluster;
import dev.enclave.api.v1alpha1.TenantClusterStatus;
import dev.enclave.datastore.backup.BackupManifest;
import dev.enclave.datastore.backup.BackupRetention;
import dev.enclave.datastore.backup.BackupWriter;
import dev.enclave.operator.status.Conditions;
import io.fabric8.kubernetes.api.model.Condition;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's side of a tenant's backups: takes the scheduled backup when {@code
 * spec.backup.schedule} says it is due, keeps the newest {@code retention}, and writes {@code
 * status.backup} and the {@code BackupHealthy} condition. The clock is given, so tests are exact.
 */
public final class TenantBackups {
  /** Backups kept when {@code spec.backup.retention} is not set. */
  public static final int DEFAULT_RETENTION = 7;
  private static final Logger LOG = LoggerFactory.getLogger(TenantBackups.class);

  private final TenantBackupResolver resolver;
  private final Clock clock;
  private final SecureRandom random;

  public TenantBackups(TenantBackupResolver resolver, Clock clock, SecureRandom random) {
    this.resolver = resolver;
    this.clock = clock;
    this.random = random;
  }

  /** The operator's instance on a host, its keys and target credentials in {@code operatorNamespace}. */
  public static TenantBackups forHost(
      io.fabric8.kubernetes.client.KubernetesClient client, String operatorNamespace, Clock clock) {
    SecureRandom random = new SecureRandom();
    return new TenantBackups(new TenantBackupResolver(client, operatorNamespace, random), clock, random);
  }

  public TenantBackupResolver resolver() {
    return resolver;
  }

  /** {@code status} with the tenant's previous backup status and {@code BackupHealthy}, unchanged. */
  public TenantClusterStatus carry(TenantCluster tenant, TenantClusterStatus status) {
    BackupStatus backup = previous(tenant);
    status.setBackup(isEmpty(backup) ? null : backup);
    if (tenant.getStatus() != null) {
      Conditions.find(tenant.getStatus().getConditions(), BackupHealth.TYPE)
          .ifPresent(c -> status.setConditions(placed(status.getConditions(), c)));
    }
    return status;
  }

  /** The sooner of two optional delays. */
  public static Optional<Duration> sooner(Optional<Duration> a, Optional<Duration> b) {
    if (a.isEmpty()) {
      return b;
    }
    return b.isEmpty() || a.get().compareTo(b.get()) <= 0 ? a : b;
  }

  /**
   * Runs a due scheduled backup and puts the backup status and {@code BackupHealthy} into {@code
   * status}; returns how long until the next scheduled backup, or empty without a schedule.
   */
  public Optional<Duration> reconcile(TenantCluster tenant, TenantClusterStatus status) {
    BackupStatus backup = previous(tenant);
    BackupSpec spec = tenant.getSpec().getBackup();
    Optional<Duration> next = Optional.empty();
    if (spec != null && spec.getSchedule() != null) {
      Instant now = clock.instant();
      try {
        BackupSchedule schedule = BackupSchedule.parse(spec.getSchedule(), TenantStoreAccess.describe(tenant));
        if (schedule.due(since(tenant, backup), now)) {
          backup = backUp(tenant);
        }
        Duration wait = Duration.between(now, schedule.nextAfter(since(tenant, backup)));
        next = Optional.of(wait.isNegative() ? Duration.ZERO : wait);
      } catch (RuntimeException e) {
        backup = copy(backup);
        backup.setLastFailure(message(e));
      }
    }
    status.setBackup(isEmpty(backup) ? null : backup);
    if (spec != null) {
      status.setConditions(withHealth(status.getConditions(), tenant, backup));
    }
    return next;
  }

  /** Takes a backup of {@code tenant} now and applies its retention; the status says how it went. */
  public BackupStatus backUp(TenantCluster tenant) {
    BackupStatus next = copy(previous(tenant));
    next.setLastAttemptTime(clock.instant().toString());
    try (TenantBackup backup = resolver.resolve(tenant)) {
      BackupManifest manifest =
          new BackupWriter(resolver.keysForBackup(backup), clock, random)
              .write(backup.identity(), resolver.source(backup), backup.target());
      List<String> expired = BackupRetention.keepNewest(backup.target(), backup.identity(), retention(tenant));
      if (!expired.isEmpty()) {
        LOG.info("{}: retention {} deleted backups {}", backup.identity().describe(), retention(tenant), expired);
      }
      next.setLastBackupId(manifest.backupId());
      next.setLastSuccessTime(manifest.createdAt());
      next.setKeyId(manifest.keyId());
      next.setLastFailure(null);
    } catch (RuntimeException e) {
      LOG.warn("{}: backup failed: {}", TenantStoreAccess.describe(tenant), message(e));
      next.setLastFailure(message(e));
    }
    return next;
  }

  public static int retention(TenantCluster tenant) {
    BackupSpec spec = tenant.getSpec().getBackup();
    return spec == null || spec.getRetention() == null ? DEFAULT_RETENTION : spec.getRetention();
  }

  private List<Condition> withHealth(List<Condition> conditions, TenantCluster tenant, BackupStatus backup) {
    Condition health = BackupHealth.of(backup, clock.instant(), tenant.getMetadata().getGeneration());
    List<Condition> previous = tenant.getStatus() == null ? List.of() : tenant.getStatus().getConditions();
    List<Condition> merged = Conditions.merge(previous, List.of(health), clock);
    return placed(conditions, merged.get(0));
  }

  /** {@code conditions} with {@code health} in place of any earlier one, before Ready (which sums up). */
  private static List<Condition> placed(List<Condition> conditions, Condition health) {
    List<Condition> out = new ArrayList<>(conditions == null ? List.of() : conditions);
    out.removeIf(c -> BackupHealth.TYPE.equals(c.getType()));
    int ready = -1;
    for (int i = 0; i < out.size(); i++) {
      if ("Ready".equals(out.get(i).getType())) {
        ready = i;
      }
    }
    out.add(ready < 0 ? out.size() : ready, health);
    return out;
  }

  /** Since when a scheduled time counts: the last attempt, else the tenant's creation. */
  private Instant since(TenantCluster tenant, BackupStatus backup) {
    if (backup.getLastAttemptTime() != null) {
      return Instant.parse(backup.getLastAttemptTime());
    }
    String created = tenant.getMetadata().getCreationTimestamp();
    return created == null ? clock.instant() : Instant.parse(created);
  }

  static BackupStatus previous(TenantCluster tenant) {
    return tenant.getStatus() == null || tenant.getStatus().getBackup() == null
        ? new BackupStatus()
        : tenant.getStatus().getBackup();
  }

  static BackupStatus copy(BackupStatus from) {
    BackupStatus to = new BackupStatus();
    to.setLastBackupId(from.getLastBackupId());
    to.setLastSuccessTime(from.getLastSuccessTime());
    to.setLastAttemptTime(from.getLastAttemptTime());
    to.setLastFailure(from.getLastFailure());
    to.setKeyId(from.getKeyId());
    to.setKeyShredded(from.getKeyShredded());
    to.setKeyShreddedTime(from.getKeyShreddedTime());
    return to;
  }

  private static boolean isEmpty(BackupStatus status) {
    return status.equals(new BackupStatus());
  }

  static String message(Throwable e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    if (e.getCause() != null && e.getCause().getMessage() != null && e instanceof java.io.UncheckedIOException) {
      message += ": " + e.getCause().getMessage();
    }
    return message;
  }
}
