package dev.enclave.core.drift;

import dev.enclave.core.observed.DriftFinding;
import dev.enclave.core.observed.ObservedVolume;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A claim of a storage class the jurisdiction does not list, or bound to a volume pinned to a zone
 * or region that contradicts the jurisdiction's nodeSelector on the same label key. A claim with no
 * storage class gets the host's default class, which is not known to be the jurisdiction's.
 */
final class VolumeDrift {
  private VolumeDrift() {}

  static List<DriftFinding> check(DriftScope scope, ObservedVolume volume) {
    List<DriftFinding> findings = new ArrayList<>();
    String object = scope.object("PersistentVolumeClaim", volume.claim());
    List<String> allowed = scope.storageClasses();
    String storageClass = volume.storageClass();
    if (storageClass == null || storageClass.isEmpty() || !allowed.contains(storageClass)) {
      String found =
          storageClass == null || storageClass.isEmpty()
              ? "no storage class (the host's default)"
              : "storage class \"" + storageClass + "\"";
      findings.add(
          scope.finding(
              object,
              "spec.storageClassName",
              "uses "
                  + found
                  + "; jurisdiction \""
                  + scope.jurisdictionName()
                  + "\" allows: "
                  + DriftScope.list(allowed)));
    }
    Map<String, String> contradicted = contradictions(scope.nodeSelector(), volume.topology());
    if (!contradicted.isEmpty()) {
      findings.add(
          scope.finding(
              object,
              "spec.volumeName",
              "is bound to a volume pinned to "
                  + DriftScope.labels(contradicted)
                  + "; jurisdiction \""
                  + scope.jurisdictionName()
                  + "\" requires "
                  + DriftScope.labels(scope.nodeSelector())));
    }
    return findings;
  }

  /** Topology entries (values comma-separated) on a selector key that exclude its value. */
  private static Map<String, String> contradictions(
      Map<String, String> selector, Map<String, String> topology) {
    Map<String, String> contradicted = new TreeMap<>();
    selector.forEach(
        (key, value) -> {
          String pinned = topology.get(key);
          if (pinned != null && !Arrays.asList(pinned.split(",")).contains(value)) {
            contradicted.put(key, pinned);
          }
        });
    return contradicted;
  }
}
