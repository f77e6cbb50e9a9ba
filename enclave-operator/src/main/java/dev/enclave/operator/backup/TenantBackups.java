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
import io.fabric8.kubernetes.client.utils.Serialization;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's side of a tenant's backups: takes the scheduled backup when {@code
 * spec.backup.schedule} says it is due, keeps the newest {@code retention}, and writes {@code
 * status.backup} and the {@code BackupHealthy} condition. The clock is given, so tests are exact.
 *
 * <p>A scheduled backup runs on a thread of its own ({@link #RUNNERS} at a time, one per tenant),
 * not on the reconcile thread: a long transfer does not hold the tenant's reconciles (status,
 * drift, certificates) back. The reconcile that finds it due starts it and is rescheduled every
 * {@link #RUNNING_POLL}; the first one after it finished writes its status. An operator stopped
 * meanwhile leaves no complete backup, and the next one takes it again. The final backup before
 * deletion and the backup before an upgrade run on the reconcile thread: those steps wait for them.
 */
public final class TenantBackups {
  /** Backups kept when {@code spec.backup.retention} is not set. */
  public static final int DEFAULT_RETENTION = 7;
  private static final Logger LOG = LoggerFactory.getLogger(TenantBackups.class);

  /** Scheduled backups that run at once, across all tenants. */
  public static final int RUNNERS = 2;
  /** How soon a reconcile looks again for a scheduled backup that runs. */
  public static final Duration RUNNING_POLL = Duration.ofSeconds(2);

  private final TenantBackupResolver resolver;
  private final Clock clock;
  private final SecureRandom random;
  private final ExecutorService runners;
  private final Map<String, Future<BackupStatus>> running = new ConcurrentHashMap<>();

  public TenantBackups(TenantBackupResolver resolver, Clock clock, SecureRandom random) {
    this.resolver = resolver;
    this.clock = clock;
    this.random = random;
    AtomicInteger threads = new AtomicInteger();
    this.runners = Executors.newFixedThreadPool(RUNNERS, r -> {
      Thread t = new Thread(r, "enclave-backup-" + threads.incrementAndGet());
      t.setDaemon(true); // a backup cut short is never marked complete
      return t;
    });
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
      String key = tenant.getMetadata().getUid();
      try {
        BackupSchedule schedule = BackupSchedule.parse(spec.getSchedule(), TenantStoreAccess.describe(tenant));
        Future<BackupStatus> run = running.get(key);
        if (run != null && run.isDone()) {
          running.remove(key);
          backup = finished(run, backup);
        } else if (run != null) {
          next = Optional.of(RUNNING_POLL);
        } else if (schedule.due(since(tenant, backup), now)) {
          TenantCluster taken = Serialization.clone(tenant);
          running.put(key, runners.submit(() -> backUp(taken)));
          next = Optional.of(RUNNING_POLL);
        }
        if (next.isEmpty()) {
          Duration wait = Duration.between(now, schedule.nextAfter(since(tenant, backup)));
          next = Optional.of(wait.isNegative() ? Duration.ZERO : wait);
        }
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

  /** Drops what is known of a deleted tenant's scheduled backup (one still running finishes). */
  public void forget(TenantCluster tenant) {
    running.remove(tenant.getMetadata().getUid());
  }

  /** The status a finished scheduled backup left; {@link #backUp} reports its own failures. */
  private static BackupStatus finished(Future<BackupStatus> run, BackupStatus before) {
    try {
      return run.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return before;
    } catch (ExecutionException e) {
      BackupStatus failed = copy(before);
      failed.setLastFailure(message(e.getCause()));
      return failed;
    }
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
