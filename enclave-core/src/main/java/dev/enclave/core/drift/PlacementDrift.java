package dev.enclave.core.drift;

import dev.enclave.core.observed.DriftFinding;
import dev.enclave.core.observed.ObservedPod;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A pod on a node that lacks one of the jurisdiction's nodeSelector labels or has another value.
 */
final class PlacementDrift {
  private PlacementDrift() {}

  /** No finding for a pod not yet scheduled: where it will run is the scheduler's and webhook's. */
  static Optional<DriftFinding> check(DriftScope scope, ObservedPod pod) {
    if (pod.nodeName() == null || pod.nodeName().isEmpty()) {
      return Optional.empty();
    }
    Map<String, String> required = scope.nodeSelector();
    Map<String, String> found = new TreeMap<>();
    required.forEach(
        (key, value) -> {
          String actual = pod.nodeLabels().get(key);
          if (!Objects.equals(actual, value)) {
            found.put(key, actual == null ? "<missing>" : actual);
          }
        });
    if (found.isEmpty()) {
      return Optional.empty();
    }
    String message =
        "runs on node \""
            + pod.nodeName()
            + "\" labelled "
            + DriftScope.labels(found)
            + "; jurisdiction \""
            + scope.jurisdictionName()
            + "\" requires "
            + DriftScope.labels(required);
    return Optional.of(scope.finding(scope.object("Pod", pod.name()), "spec.nodeName", message));
  }
}
