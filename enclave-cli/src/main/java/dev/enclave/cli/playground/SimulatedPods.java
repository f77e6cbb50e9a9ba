package dev.enclave.cli.playground;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What the simulated scheduler and kubelet make of a pod: the node it goes to, or kube-scheduler's
 * reason why none fits, and the status a started pod reports. Pure: time is passed in.
 */
public final class SimulatedPods {
  /** Annotation on every object the simulation created or changed. */
  public static final String SIMULATED_ANNOTATION = "enclave.dev/simulated";

  private SimulatedPods() {}

  /** The least-loaded node the pod fits, ties broken by name; empty when none fits. */
  public static Optional<Node> choose(PodSpec pod, List<Node> nodes, Map<String, Integer> load) {
    return nodes.stream()
        .filter(n -> NodeAffinityMatcher.fits(pod, n))
        .min(
            Comparator.comparingInt((Node n) -> load.getOrDefault(nameOf(n), 0))
                .thenComparing(SimulatedPods::nameOf));
  }

  /**
   * kube-scheduler's FailedScheduling message, e.g. {@code 0/3 nodes are available: 3 node(s)
   * didn't match Pod's node affinity/selector.}; reasons counted and sorted as it does.
   */
  public static String unschedulableMessage(PodSpec pod, List<Node> nodes) {
    if (nodes.isEmpty()) {
      return "no nodes available to schedule pods";
    }
    Map<String, Long> reasons =
        nodes.stream()
            .map(n -> NodeAffinityMatcher.rejection(pod, n))
            .flatMap(Optional::stream)
            .collect(Collectors.groupingBy(r -> r, TreeMap::new, Collectors.counting()));
    String counted =
        reasons.entrySet().stream()
            .map(e -> e.getValue() + " " + e.getKey())
            .collect(Collectors.joining(", "));
    return "0/" + nodes.size() + " nodes are available: " + counted + ".";
  }

  /** The pod bound to the node and reported Running and Ready, as a kubelet would. */
  public static Pod running(Pod pod, Node node, Instant now) {
    String time = now.toString();
    List<PodCondition> conditions =
        List.of(
            condition("PodScheduled", "True", null, null, time),
            condition("Initialized", "True", null, null, time),
            condition("ContainersReady", "True", null, null, time),
            condition("Ready", "True", null, null, time));
    List<ContainerStatus> containers =
        pod.getSpec().getContainers().stream().map(c -> started(c, time)).toList();
    return new PodBuilder(pod)
        .editMetadata()
        .addToAnnotations(SIMULATED_ANNOTATION, "true")
        .endMetadata()
        .editSpec()
        .withNodeName(nameOf(node))
        .endSpec()
        .withNewStatus()
        .withPhase("Running")
        .withHostIP(internalIp(node))
        .withStartTime(time)
        .withQosClass("BestEffort")
        .withConditions(conditions)
        .withContainerStatuses(containers)
        .endStatus()
        .build();
  }

  /** The pod left unbound and Pending with {@code PodScheduled=False}, reason Unschedulable. */
  public static Pod pending(Pod pod, String message, Instant now) {
    return new PodBuilder(pod)
        .editMetadata()
        .addToAnnotations(SIMULATED_ANNOTATION, "true")
        .endMetadata()
        .editSpec()
        .withNodeName(null)
        .endSpec()
        .withNewStatus()
        .withPhase("Pending")
        .withQosClass("BestEffort")
        .withConditions(
            condition("PodScheduled", "False", "Unschedulable", message, now.toString()))
        .endStatus()
        .build();
  }

  /** Whether the pod reports Ready=True. */
  public static boolean isReady(Pod pod) {
    return pod.getStatus() != null
        && pod.getStatus().getConditions() != null
        && pod.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  /** The Unschedulable message of a pending pod, if the scheduler gave up on it. */
  public static Optional<String> unschedulableReason(Pod pod) {
    if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
      return Optional.empty();
    }
    return pod.getStatus().getConditions().stream()
        .filter(c -> "PodScheduled".equals(c.getType()) && "False".equals(c.getStatus()))
        .filter(c -> "Unschedulable".equals(c.getReason()))
        .map(PodCondition::getMessage)
        .findFirst();
  }

  private static ContainerStatus started(Container container, String time) {
    return new ContainerStatusBuilder()
        .withName(container.getName())
        .withImage(container.getImage())
        .withImageID("")
        .withReady(true)
        .withStarted(true)
        .withRestartCount(0)
        .withNewState()
        .withNewRunning(time)
        .endState()
        .build();
  }

  private static PodCondition condition(
      String type, String status, String reason, String message, String time) {
    return new PodConditionBuilder()
        .withType(type)
        .withStatus(status)
        .withReason(reason)
        .withMessage(message)
        .withLastTransitionTime(time)
        .build();
  }

  private static String internalIp(Node node) {
    if (node.getStatus() == null || node.getStatus().getAddresses() == null) {
      return null;
    }
    return node.getStatus().getAddresses().stream()
        .filter(a -> "InternalIP".equals(a.getType()))
        .map(NodeAddress::getAddress)
        .findFirst()
        .orElse(null);
  }

  private static String nameOf(Node node) {
    return node.getMetadata().getName();
  }
}
