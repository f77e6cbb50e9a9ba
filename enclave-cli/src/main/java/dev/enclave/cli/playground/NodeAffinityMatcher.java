package dev.enclave.cli.playground;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeSelector;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Decides, like kube-scheduler's NodeUnschedulable, TaintToleration and NodeAffinity filters,
 * whether a pod may be placed on a node. Pure: no client, no clock.
 */
public final class NodeAffinityMatcher {
  static final String UNSCHEDULABLE_NODE = "node(s) were unschedulable";
  static final String AFFINITY_MISMATCH = "node(s) didn't match Pod's node affinity/selector";

  private NodeAffinityMatcher() {}

  /**
   * Why the pod cannot go to this node, in kube-scheduler's words without the count (e.g. {@code
   * node(s) didn't match Pod's node affinity/selector}), or empty when it fits.
   */
  public static Optional<String> rejection(PodSpec pod, Node node) {
    if (node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable())) {
      return Optional.of(UNSCHEDULABLE_NODE);
    }
    Optional<Taint> untolerated = untoleratedTaint(pod.getTolerations(), node);
    if (untolerated.isPresent()) {
      Taint taint = untolerated.get();
      String value = taint.getValue() == null ? "" : taint.getValue();
      return Optional.of("node(s) had untolerated taint {" + taint.getKey() + ": " + value + "}");
    }
    Map<String, String> labels = labelsOf(node);
    if (!matchesNodeSelector(pod.getNodeSelector(), labels)
        || !matchesRequiredAffinity(pod.getAffinity(), labels, nameOf(node))) {
      return Optional.of(AFFINITY_MISMATCH);
    }
    return Optional.empty();
  }

  public static boolean fits(PodSpec pod, Node node) {
    return rejection(pod, node).isEmpty();
  }

  /** Every label of the pod's plain nodeSelector must be on the node with the same value. */
  public static boolean matchesNodeSelector(
      Map<String, String> selector, Map<String, String> labels) {
    if (selector == null) {
      return true;
    }
    return selector.entrySet().stream()
        .allMatch(e -> Objects.equals(labels.get(e.getKey()), e.getValue()));
  }

  /**
   * The required node affinity holds when at least one term matches; a term matches when all its
   * expressions and fields do. A term with neither matches no node, as in Kubernetes.
   */
  public static boolean matchesRequiredAffinity(
      Affinity affinity, Map<String, String> labels, String nodeName) {
    NodeSelector required = requiredOf(affinity);
    if (required == null) {
      return true;
    }
    return nullToEmpty(required.getNodeSelectorTerms()).stream()
        .anyMatch(term -> matchesTerm(term, labels, nodeName));
  }

  static boolean matchesTerm(NodeSelectorTerm term, Map<String, String> labels, String nodeName) {
    List<NodeSelectorRequirement> expressions = nullToEmpty(term.getMatchExpressions());
    List<NodeSelectorRequirement> fields = nullToEmpty(term.getMatchFields());
    if (expressions.isEmpty() && fields.isEmpty()) {
      return false;
    }
    Map<String, String> nodeFields =
        nodeName == null ? Map.of() : Map.of("metadata.name", nodeName);
    return expressions.stream().allMatch(r -> matches(r, labels))
        && fields.stream().allMatch(r -> matches(r, nodeFields));
  }

  /**
   * One requirement: In, NotIn, Exists, DoesNotExist, Gt or Lt; an unknown operator never matches.
   */
  public static boolean matches(NodeSelectorRequirement requirement, Map<String, String> labels) {
    String value = labels.get(requirement.getKey());
    List<String> values = nullToEmpty(requirement.getValues());
    switch (String.valueOf(requirement.getOperator())) {
      case "In":
        return value != null && values.contains(value);
      case "NotIn":
        return value == null || !values.contains(value);
      case "Exists":
        return value != null;
      case "DoesNotExist":
        return value == null;
      case "Gt":
        return compare(value, values).map(c -> c > 0).orElse(false);
      case "Lt":
        return compare(value, values).map(c -> c < 0).orElse(false);
      default:
        return false;
    }
  }

  /** Label value against the single requirement value, both integers; empty when not comparable. */
  private static Optional<Integer> compare(String value, List<String> values) {
    if (value == null || values.size() != 1) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          Long.compare(Long.parseLong(value.trim()), Long.parseLong(values.get(0).trim())));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** The first NoSchedule or NoExecute taint of the node that no toleration of the pod covers. */
  public static Optional<Taint> untoleratedTaint(List<Toleration> tolerations, Node node) {
    List<Taint> taints =
        node.getSpec() == null ? List.of() : nullToEmpty(node.getSpec().getTaints());
    return taints.stream()
        .filter(t -> !"PreferNoSchedule".equals(t.getEffect()))
        .filter(t -> nullToEmpty(tolerations).stream().noneMatch(tol -> tolerates(tol, t)))
        .findFirst();
  }

  /**
   * Kubernetes' rule: effect empty or equal, then key empty with Exists or equal key, then value.
   */
  public static boolean tolerates(Toleration toleration, Taint taint) {
    String effect = toleration.getEffect();
    if (effect != null && !effect.isEmpty() && !effect.equals(taint.getEffect())) {
      return false;
    }
    String key = toleration.getKey();
    boolean exists = "Exists".equals(toleration.getOperator());
    if (key == null || key.isEmpty()) {
      return exists;
    }
    if (!key.equals(taint.getKey())) {
      return false;
    }
    if (exists) {
      return true;
    }
    return Objects.equals(emptyIfNull(toleration.getValue()), emptyIfNull(taint.getValue()));
  }

  private static NodeSelector requiredOf(Affinity affinity) {
    if (affinity == null || affinity.getNodeAffinity() == null) {
      return null;
    }
    return affinity.getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution();
  }

  private static Map<String, String> labelsOf(Node node) {
    if (node.getMetadata() == null || node.getMetadata().getLabels() == null) {
      return Map.of();
    }
    return node.getMetadata().getLabels();
  }

  private static String nameOf(Node node) {
    return node.getMetadata() == null ? null : node.getMetadata().getName();
  }

  private static String emptyIfNull(String s) {
    return s == null ? "" : s;
  }

  private static <T> List<T> nullToEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }
}
