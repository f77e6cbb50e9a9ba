package dev.enclave.operator.it;

import dev.enclave.testbed.HostCluster;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;

/** Bounded waits for the real cluster; a timeout shows what the cluster looked like. */
final class Await {
  private Await() {}

  static void until(HostCluster host, String what, Duration limit, BooleanSupplier condition) {
    Instant deadline = Instant.now().plus(limit);
    while (!condition.getAsBoolean()) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError(
            "not within " + limit.toSeconds() + " s: " + what + "\n"
                + host.kubectl("get", "tenantclusters,pods,events", "-A", "-o", "wide").stdout());
      }
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for " + what);
      }
    }
  }
}
