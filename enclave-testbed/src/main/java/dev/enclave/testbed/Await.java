package dev.enclave.testbed;

import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Bounded waits for tests on real clusters: polls a condition every 200 ms and, on timeout, fails
 * with what the cluster looked like ({@code diagnosis}), never by sleeping and hoping.
 */
public final class Await {
  private Await() {}

  public static void until(
      String what, Duration limit, BooleanSupplier condition, Supplier<String> diagnosis) {
    until(what, limit, Duration.ofMillis(200), condition, diagnosis);
  }

  /** As above, checking every {@code interval}: for a condition that is costly to check. */
  public static void until(
      String what,
      Duration limit,
      Duration interval,
      BooleanSupplier condition,
      Supplier<String> diagnosis) {
    Instant deadline = Instant.now().plus(limit);
    while (!condition.getAsBoolean()) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError(
            "not within " + limit.toSeconds() + " s: " + what + "\n" + diagnosis.get());
      }
      try {
        Thread.sleep(interval.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for " + what, e);
      }
    }
  }

  /** As above, showing the host's pods and events. */
  public static void until(HostCluster host, String what, Duration limit, BooleanSupplier condition) {
    until(what, limit, condition, () -> host.kubectl("get", "pods,events", "-A", "-o", "wide").stdout());
  }
}
