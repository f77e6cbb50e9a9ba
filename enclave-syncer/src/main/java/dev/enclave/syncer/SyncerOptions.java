package dev.enclave.syncer;

import java.time.Clock;
import java.time.Duration;

/**
 * How a {@link Syncer} runs: worker threads per kind, retry back-off, how long start-up waits for
 * the informers, the tenant's DNS server address given to every synced pod, and the lifetime of
 * the service account tokens it requests.
 *
 * @param podWorkers worker threads for pods (the busiest kind)
 * @param workers worker threads for every other kind
 * @param tenantDnsIp address of the tenant's CoreDNS on the host, or null to leave pod DNS as is
 */
public record SyncerOptions(
    int podWorkers,
    int workers,
    Duration retryBaseDelay,
    Duration retryMaxDelay,
    Duration syncTimeout,
    String tenantDnsIp,
    Duration tokenExpiration,
    Clock clock) {

  public SyncerOptions {
    if (podWorkers < 1 || workers < 1) {
      throw new IllegalArgumentException("a syncer needs at least one worker per kind");
    }
  }

  public static SyncerOptions defaults() {
    return new SyncerOptions(
        4,
        2,
        Duration.ofMillis(50),
        Duration.ofSeconds(30),
        Duration.ofMinutes(2),
        null,
        Duration.ofHours(24),
        Clock.systemUTC());
  }

  public SyncerOptions withWorkers(int pods, int others) {
    return new SyncerOptions(
        pods, others, retryBaseDelay, retryMaxDelay, syncTimeout, tenantDnsIp, tokenExpiration,
        clock);
  }

  public SyncerOptions withTenantDnsIp(String ip) {
    return new SyncerOptions(
        podWorkers, workers, retryBaseDelay, retryMaxDelay, syncTimeout, ip, tokenExpiration,
        clock);
  }

  public SyncerOptions withRetry(Duration base, Duration max) {
    return new SyncerOptions(
        podWorkers, workers, base, max, syncTimeout, tenantDnsIp, tokenExpiration, clock);
  }

  public SyncerOptions withSyncTimeout(Duration timeout) {
    return new SyncerOptions(
        podWorkers, workers, retryBaseDelay, retryMaxDelay, timeout, tenantDnsIp, tokenExpiration,
        clock);
  }
}
