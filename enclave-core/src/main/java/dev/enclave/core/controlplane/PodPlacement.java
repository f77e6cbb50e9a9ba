package dev.enclave.core.controlplane;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.AffinityBuilder;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirementBuilder;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import java.util.List;
import java.util.Map;

/**
 * Where control-plane and CoreDNS pods may run: the jurisdiction's node selector as a required node
 * affinity (one {@code In} expression per key, keys sorted), its tolerations, and for HA a
 * preferred spread across hosts.
 */
public final class PodPlacement {
  public static final String HOSTNAME_TOPOLOGY = "kubernetes.io/hostname";

  private PodPlacement() {}

  public static Affinity affinity(ControlPlaneModel model) {
    return affinity(model, model.highlyAvailable(), HostLabels.controlPlaneSelector(model));
  }

  /**
   * The required node affinity, and when {@code spread} a preferred anti-affinity between the pods
   * {@code selector} matches.
   */
  public static Affinity affinity(
      ControlPlaneModel model, boolean spread, Map<String, String> selector) {
    AffinityBuilder affinity =
        new AffinityBuilder()
            .withNewNodeAffinity()
            .withNewRequiredDuringSchedulingIgnoredDuringExecution()
            .addNewNodeSelectorTerm()
            .withMatchExpressions(requiredNodeAffinity(model))
            .endNodeSelectorTerm()
            .endRequiredDuringSchedulingIgnoredDuringExecution()
            .endNodeAffinity();
    if (spread) {
      affinity
          .withNewPodAntiAffinity()
          .addNewPreferredDuringSchedulingIgnoredDuringExecution()
          .withWeight(100)
          .withNewPodAffinityTerm()
          .withTopologyKey(HOSTNAME_TOPOLOGY)
          .withNewLabelSelector()
          .withMatchLabels(selector)
          .endLabelSelector()
          .endPodAffinityTerm()
          .endPreferredDuringSchedulingIgnoredDuringExecution()
          .endPodAntiAffinity();
    }
    return affinity.build();
  }

  /** The jurisdiction's node selector, one {@code In} requirement per key in key order. */
  public static List<NodeSelectorRequirement> requiredNodeAffinity(ControlPlaneModel model) {
    return model.nodeSelector().entrySet().stream()
        .map(
            e ->
                new NodeSelectorRequirementBuilder()
                    .withKey(e.getKey())
                    .withOperator("In")
                    .withValues(e.getValue())
                    .build())
        .toList();
  }

  /** Copies, so the rendered pod never shares objects with the Jurisdiction. */
  public static List<Toleration> tolerations(ControlPlaneModel model) {
    return model.tolerations().stream().map(t -> new TolerationBuilder(t).build()).toList();
  }
}
