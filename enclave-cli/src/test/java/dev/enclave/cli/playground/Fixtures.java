package dev.enclave.cli.playground;

import dev.enclave.api.v1alpha1.Jurisdiction;
import dev.enclave.api.v1alpha1.JurisdictionSpec;
import dev.enclave.api.v1alpha1.Placement;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Toleration;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** Objects and waiting shared by the playground tests. */
final class Fixtures {
  private Fixtures() {}

  static Jurisdiction jurisdiction(String name, Toleration... tolerations) {
    Placement placement = new Placement();
    placement.setNodeSelector(Map.of("enclave.dev/jurisdiction", name));
    placement.setTolerations(List.of(tolerations));
    JurisdictionSpec spec = new JurisdictionSpec();
    spec.setPlacement(placement);
    Jurisdiction jurisdiction = new Jurisdiction();
    jurisdiction.setMetadata(new ObjectMetaBuilder().withName(name).build());
    jurisdiction.setSpec(spec);
    return jurisdiction;
  }

  /** Polls until the value is non-null and not false, or fails after the timeout. */
  static <T> T await(String what, Duration timeout, Supplier<T> probe) {
    long deadline = System.nanoTime() + timeout.toNanos();
    T value = null;
    while (System.nanoTime() < deadline) {
      value = probe.get();
      if (value != null && !Boolean.FALSE.equals(value)) {
        return value;
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    throw new AssertionError("timed out waiting for " + what + "; last seen: " + value);
  }
}
