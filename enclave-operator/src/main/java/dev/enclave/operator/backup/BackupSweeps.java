package dev.enclave.operator.backup;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs {@link BackupShredder#sweep} on one daemon thread every {@link #PERIOD}, until closed. */
public final class BackupSweeps implements AutoCloseable {
  public static final Duration PERIOD = Duration.ofMinutes(1);
  private static final Logger LOG = LoggerFactory.getLogger(BackupSweeps.class);

  private final ScheduledExecutorService executor;

  private BackupSweeps(ScheduledExecutorService executor) {
    this.executor = executor;
  }

  public static BackupSweeps start(KubernetesClient client, String operatorNamespace, Clock clock) {
    TenantBackups backups = TenantBackups.forHost(client, operatorNamespace, clock);
    BackupShredder shredder =
        new BackupShredder(client, backups.resolver().keys(), backups.resolver().targets(), new BackupEvents(client, clock), clock);
    ScheduledExecutorService executor =
        Executors.newSingleThreadScheduledExecutor(r -> {
          Thread t = new Thread(r, "enclave-backup-shredder");
          t.setDaemon(true);
          return t;
        });
    executor.scheduleWithFixedDelay(
        () -> {
          try {
            shredder.sweep();
          } catch (RuntimeException e) {
            LOG.warn("backup key sweep failed: {}", TenantBackups.message(e));
          }
        },
        PERIOD.toSeconds(), PERIOD.toSeconds(), TimeUnit.SECONDS);
    return new BackupSweeps(executor);
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
