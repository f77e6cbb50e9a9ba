package dev.enclave.syncer;

import java.time.Clock;
import java.time.Duration;

/**
 * How a {@link Syncer} runs: worker threads per kind, retry back-off, how long start-up waits for
 * the informers, where synced pods find the tenant's API server and DNS server, and the lifetime of
 * the service account tokens it requests.
 *
 * @param podWorkers worker threads for pods (the busiest kind)
 * @param workers worker threads for every other kind
 * @param apiServerHost the tenant API Service on the host: its cluster IP, {@code
 *     <service>.<namespace>.svc}, or null for {@code <tenant>} in the host namespace. Pods are
 *     given {@code kubernetes.default.svc} for a Service name or null, an IP as it is
 * @param dnsServerIp cluster IP of the tenant's CoreDNS Service, or null to leave pod DNS alone
 */
public record SyncerOptions(
    int podWorkers,
    int workers,
    Duration retryBaseDelay,
    Duration retryMaxDelay,
    Duration syncTimeout,
    String apiServerHost,
    String dnsServerIp,
    Duration tokenExpiration,
    Clock clock) {

  public SyncerOptions {
    if (podWorkers < 1 || workers < 1) {
      throw new IllegalArgumentException("a syncer needs at least one worker per kind");
    }
  }

  /**
   * Eight pod workers: a pod worker spends most of its time waiting for the host API server's
   * answer, and with four a burst of tenant pods left the host server idle a fifth of the time
   * (bench/README.md). The host's API Priority and Fairness still bounds what one tenant's syncer
   * takes from the others.
   */
  public static SyncerOptions defaults() {
    return new SyncerOptions(
        8,
        2,
        Duration.ofMillis(50),
        Duration.ofSeconds(30),
        Duration.ofMinutes(2),
        null,
        null,
        Duration.ofHours(24),
        Clock.systemUTC());
  }

  public SyncerOptions withWorkers(int pods, int others) {
    return new SyncerOptions(
        pods,
        others,
        retryBaseDelay,
        retryMaxDelay,
        syncTimeout,
        apiServerHost,
        dnsServerIp,
        tokenExpiration,
        clock);
  }

  public SyncerOptions withTenantEndpoints(String apiServer, String dnsIp) {
    return new SyncerOptions(
        podWorkers,
        workers,
        retryBaseDelay,
        retryMaxDelay,
        syncTimeout,
        apiServer,
        dnsIp,
        tokenExpiration,
        clock);
  }

  public SyncerOptions withRetry(Duration base, Duration max) {
    return new SyncerOptions(
        podWorkers,
        workers,
        base,
        max,
        syncTimeout,
        apiServerHost,
        dnsServerIp,
        tokenExpiration,
        clock);
  }

  public SyncerOptions withSyncTimeout(Duration timeout) {
    return new SyncerOptions(
        podWorkers,
        workers,
        retryBaseDelay,
        retryMaxDelay,
        timeout,
        apiServerHost,
        dnsServerIp,
        tokenExpiration,
        clock);
  }

  public SyncerOptions withClock(Clock newClock) {
    return new SyncerOptions(
        podWorkers,
        workers,
        retryBaseDelay,
        retryMaxDelay,
        syncTimeout,
        apiServerHost,
        dnsServerIp,
        tokenExpiration,
        newClock);
  }
}
