package dev.enclave.core.controlplane;

import dev.enclave.api.v1alpha1.Placement;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a host node of a jurisdiction looks like to the placement Enclave renders: the
 * jurisdiction's node selector, hostname, region and zone as labels, and a taint for every
 * toleration the jurisdiction gives its pods. Used for the playground's simulated nodes and the
 * testbed's KWOK nodes alike.
 */
public final class JurisdictionNodes {
  private static final List<String> ZONES = List.of("a", "b", "c");

  private JurisdictionNodes() {}

  /** Labels of node {@code name}, the {@code index}-th (from 1) of {@code jurisdiction}. */
  public static Map<String, String> labels(
      String jurisdiction, Placement placement, String name, int index) {
    Map<String, String> labels = new LinkedHashMap<>();
    if (placement != null && placement.getNodeSelector() != null) {
      labels.putAll(placement.getNodeSelector());
    }
    labels.put(PodPlacement.HOSTNAME_TOPOLOGY, name);
    labels.put("kubernetes.io/os", "linux");
    labels.put("topology.kubernetes.io/region", jurisdiction);
    labels.put(
        "topology.kubernetes.io/zone", jurisdiction + "-" + ZONES.get((index - 1) % ZONES.size()));
    return labels;
  }

  /** A toleration naming a key becomes a taint with that key, value and effect. */
  public static List<Taint> taints(Placement placement) {
    List<Taint> taints = new ArrayList<>();
    if (placement == null || placement.getTolerations() == null) {
      return taints;
    }
    for (Toleration t : placement.getTolerations()) {
      if (t.getKey() == null || t.getKey().isEmpty()) {
        continue;
      }
      String effect =
          t.getEffect() == null || t.getEffect().isEmpty() ? "NoSchedule" : t.getEffect();
      taints.add(
          new TaintBuilder()
              .withKey(t.getKey())
              .withValue("Exists".equals(t.getOperator()) ? null : t.getValue())
              .withEffect(effect)
              .build());
    }
    return taints;
  }
}
