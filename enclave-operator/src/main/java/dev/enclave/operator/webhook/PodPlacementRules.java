package dev.enclave.operator.webhook;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.NodeAffinity;
import io.fabric8.kubernetes.api.model.NodeSelector;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Jurisdictional containment of a pod: every way the scheduler may place it must stay on the
 * jurisdiction's nodes. Required node affinity terms are ORed, so each term must require the
 * jurisdiction's labels; a label fixed by {@code spec.nodeSelector} (ANDed with every term) counts
 * for all of them. {@code spec.nodeName} skips the scheduler and is refused outright.
 */
final class PodPlacementRules {
  static final String REQUIRED =
      "spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution";

  private PodPlacementRules() {}

  /**
   * @param nodeName whether to check spec.nodeName: only on create, since the scheduler binds pods
   *     by setting it
   */
  static void check(
      PodSpec spec,
      String jurisdiction,
      Map<String, String> nodeSelector,
      boolean nodeName,
      PodFindings findings) {
    if (nodeName && spec.getNodeName() != null && !spec.getNodeName().isEmpty()) {
      findings.add(
          "spec.nodeName",
          "nodeName bypasses the scheduler and the node affinity of jurisdiction \""
              + jurisdiction
              + "\"",
          "\"" + spec.getNodeName() + "\"",
          "unset");
    }
    Map<String, String> missing = notFixedByNodeSelector(spec, nodeSelector);
    if (missing.isEmpty()) {
      return;
    }
    String required = requirement(missing) + " (jurisdiction \"" + jurisdiction + "\")";
    List<NodeSelectorTerm> terms = requiredTerms(spec);
    if (terms.isEmpty()) {
      findings.add(
          REQUIRED,
          "a required node affinity for the jurisdiction is missing",
          "none",
          required + " in every nodeSelectorTerms entry");
      return;
    }
    for (int i = 0; i < terms.size(); i++) {
      String found = unconfined(terms.get(i), missing);
      if (found != null) {
        findings.add(
            REQUIRED + ".nodeSelectorTerms[" + i + "]",
            "terms are ORed, so this term lets the pod leave the jurisdiction",
            found,
            required);
      }
    }
  }

  private static Map<String, String> notFixedByNodeSelector(
      PodSpec spec, Map<String, String> nodeSelector) {
    Map<String, String> podSelector =
        spec.getNodeSelector() == null ? Map.of() : spec.getNodeSelector();
    Map<String, String> missing = new LinkedHashMap<>();
    nodeSelector.forEach(
        (key, value) -> {
          if (!value.equals(podSelector.get(key))) {
            missing.put(key, value);
          }
        });
    return missing;
  }

  private static List<NodeSelectorTerm> requiredTerms(PodSpec spec) {
    return Optional.ofNullable(spec.getAffinity())
        .map(Affinity::getNodeAffinity)
        .map(NodeAffinity::getRequiredDuringSchedulingIgnoredDuringExecution)
        .map(NodeSelector::getNodeSelectorTerms)
        .orElse(List.of());
  }

  /** What the term says about the first label it does not confine, or null when it confines all. */
  private static String unconfined(NodeSelectorTerm term, Map<String, String> labels) {
    for (Map.Entry<String, String> label : labels.entrySet()) {
      List<NodeSelectorRequirement> onKey = onKey(term, label.getKey());
      if (onKey.stream().noneMatch(r -> confines(r, label.getValue()))) {
        return onKey.isEmpty()
            ? "no requirement on " + label.getKey()
            : onKey.stream().map(PodPlacementRules::describe).collect(Collectors.joining(", "));
      }
    }
    return null;
  }

  private static List<NodeSelectorRequirement> onKey(NodeSelectorTerm term, String key) {
    List<NodeSelectorRequirement> expressions =
        term.getMatchExpressions() == null ? List.of() : term.getMatchExpressions();
    return expressions.stream().filter(r -> key.equals(r.getKey())).toList();
  }

  /** {@code key In [value]}: equal to the jurisdiction's label, or narrower with other terms. */
  private static boolean confines(NodeSelectorRequirement requirement, String value) {
    List<String> values = requirement.getValues();
    return "In".equals(requirement.getOperator())
        && values != null
        && !values.isEmpty()
        && values.stream().allMatch(value::equals);
  }

  private static String requirement(Map<String, String> labels) {
    return labels.entrySet().stream()
        .map(e -> e.getKey() + " In [" + e.getValue() + "]")
        .collect(Collectors.joining(", "));
  }

  private static String describe(NodeSelectorRequirement r) {
    List<String> values = r.getValues() == null ? List.of() : r.getValues();
    return r.getKey() + " " + r.getOperator() + " [" + String.join(", ", values) + "]";
  }
}
