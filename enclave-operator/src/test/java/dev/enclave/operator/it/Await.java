package dev.enclave.operator.it;

import dev.enclave.testbed.HostCluster;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/** The testbed's bounded wait, showing tenant clusters, pods and events on timeout. */
final class Await {
  private Await() {}

  static void until(HostCluster host, String what, Duration limit, BooleanSupplier condition) {
    dev.enclave.testbed.Await.until(
        what,
        limit,
        condition,
        () -> host.kubectl("get", "tenantclusters,pods,events", "-A", "-o", "wide").stdout());
  }
}
