package dev.enclave.core.drift;

import dev.enclave.core.controlplane.ControlPlaneVolume;
import dev.enclave.core.observed.ObservedPod;
import dev.enclave.core.observed.ObservedVolume;
import io.fabric8.kubernetes.api.model.Config;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.NamedCluster;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Turns host objects into the observed-state records, the same way for the operator (from its
 * informer caches) and the live evidence report (from the API server).
 */
public final class HostFactsReader {
  private HostFactsReader() {}

  /** A pod with its node's labels; a pod not scheduled yet, or on an unknown node, has none. */
  public static ObservedPod pod(Pod pod, Node node) {
    String nodeName = pod.getSpec() == null ? null : pod.getSpec().getNodeName();
    Map<String, String> labels =
        node == null || node.getMetadata().getLabels() == null
            ? Map.of()
            : node.getMetadata().getLabels();
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    return new ObservedPod(pod.getMetadata().getName(), nodeName, labels, phase);
  }

  /** A claim with its storage class and the topology its bound volume is pinned to. */
  public static ObservedVolume volume(PersistentVolumeClaim claim, PersistentVolume volume) {
    String storageClass = claim.getSpec() == null ? null : claim.getSpec().getStorageClassName();
    return new ObservedVolume(claim.getMetadata().getName(), storageClass, topology(volume));
  }

  /**
   * The {@code In} requirements of a volume's required node affinity, by key; several allowed
   * values (or the same key in several terms, which are alternatives) are joined by commas.
   */
  public static Map<String, String> topology(PersistentVolume volume) {
    if (volume == null
        || volume.getSpec() == null
        || volume.getSpec().getNodeAffinity() == null
        || volume.getSpec().getNodeAffinity().getRequired() == null) {
      return Map.of();
    }
    Map<String, Set<String>> values = new TreeMap<>();
    for (NodeSelectorTerm term :
        volume.getSpec().getNodeAffinity().getRequired().getNodeSelectorTerms()) {
      for (NodeSelectorRequirement requirement : term.getMatchExpressions()) {
        if ("In".equals(requirement.getOperator()) && requirement.getValues() != null) {
          values
              .computeIfAbsent(requirement.getKey(), k -> new LinkedHashSet<>())
              .addAll(requirement.getValues());
        }
      }
    }
    Map<String, String> topology = new TreeMap<>();
    values.forEach((key, allowed) -> topology.put(key, String.join(",", allowed)));
    return topology;
  }

  /** The server URL of the audit webhook kubeconfig, or empty when absent or unreadable. */
  public static Optional<String> auditServer(ConfigMap configMap) {
    if (configMap == null || configMap.getData() == null) {
      return Optional.empty();
    }
    String kubeconfig = configMap.getData().get(ControlPlaneVolume.KUBECONFIG);
    if (kubeconfig == null) {
      return Optional.empty();
    }
    try {
      Config config = Serialization.unmarshal(kubeconfig, Config.class);
      List<NamedCluster> clusters = config == null ? null : config.getClusters();
      if (clusters == null || clusters.isEmpty() || clusters.get(0).getCluster() == null) {
        return Optional.empty();
      }
      return Optional.ofNullable(clusters.get(0).getCluster().getServer());
    } catch (RuntimeException unreadable) {
      return Optional.of("<unreadable kubeconfig>");
    }
  }
}
