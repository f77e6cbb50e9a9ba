package dev.enclave.syncer.translate;

import dev.enclave.core.sync.SyncPolicy;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.NodeAffinity;
import io.fabric8.kubernetes.api.model.NodeSelector;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Keeps a pod on nodes of its jurisdiction. The jurisdiction's node selector becomes a required
 * node affinity added to every term the tenant wrote (terms are ORed, so a term without it would be
 * a way out) and is also merged into the pod's nodeSelector. A pod that names a node, or aims a
 * selector, an affinity term or a toleration at another jurisdiction, is refused rather than
 * silently rewritten into something that can never be scheduled.
 */
final class PlacementEnforcer {
  static final String IN = "In";
  private static final String CONTROL_PLANE_ROLES = "node-role.kubernetes.io/";

  private PlacementEnforcer() {}

  static List<Refusal> check(PodSpec spec, SyncPolicy policy, PodContext context) {
    List<Refusal> refusals = new ArrayList<>();
    String nodeName = spec.getNodeName();
    if (nodeName != null && !nodeName.isEmpty() && !nodeName.equals(context.hostNodeName())) {
      Refusals.add(
          refusals,
          "spec.nodeName",
          nodeName,
          "unset; the host scheduler places pods on nodes of jurisdiction "
              + policy.jurisdiction());
    }
    checkNodeSelector(spec.getNodeSelector(), policy, refusals);
    checkRequiredAffinity(requiredTerms(spec), policy, refusals);
    checkTolerations(spec.getTolerations(), policy, refusals);
    String runtimeClass = spec.getRuntimeClassName();
    if (runtimeClass != null && !runtimeClass.equals(policy.runtimeClassName())) {
      Refusals.add(
          refusals,
          "spec.runtimeClassName",
          runtimeClass,
          policy.runtimeClassName() == null
              ? "unset"
              : "\"" + policy.runtimeClassName() + "\" or unset");
    }
    return refusals;
  }

  /** Writes the jurisdiction's placement into the host pod's spec. */
  static void apply(PodSpec host, SyncPolicy policy) {
    host.setNodeName(null);
    Map<String, String> nodeSelector = new TreeMap<>();
    if (host.getNodeSelector() != null) {
      nodeSelector.putAll(host.getNodeSelector());
    }
    nodeSelector.putAll(policy.nodeSelector());
    host.setNodeSelector(nodeSelector);
    applyRequiredAffinity(host, policy);
    List<Toleration> tolerations = new ArrayList<>();
    if (host.getTolerations() != null) {
      host.getTolerations().stream()
          .filter(Objects::nonNull)
          .filter(t -> !policy.tolerations().contains(t))
          .forEach(tolerations::add);
    }
    tolerations.addAll(policy.tolerations());
    host.setTolerations(tolerations);
    host.setRuntimeClassName(policy.runtimeClassName());
    host.setSchedulerName(null);
    host.setPriorityClassName(null);
    host.setPriority(null);
    host.setPreemptionPolicy(null);
    host.setOverhead(null);
  }

  /** The jurisdiction's requirements, one {@code In} expression per node selector key. */
  static List<NodeSelectorRequirement> jurisdictionRequirements(SyncPolicy policy) {
    List<NodeSelectorRequirement> requirements = new ArrayList<>();
    policy
        .nodeSelector()
        .forEach(
            (key, value) -> requirements.add(new NodeSelectorRequirement(key, IN, List.of(value))));
    return requirements;
  }

  private static void checkNodeSelector(
      Map<String, String> nodeSelector, SyncPolicy policy, List<Refusal> refusals) {
    if (nodeSelector == null) {
      return;
    }
    new TreeMap<>(nodeSelector)
        .forEach(
            (key, value) -> {
              String required = policy.nodeSelector().get(key);
              if (required != null && !required.equals(value)) {
                Refusals.add(
                    refusals,
                    "spec.nodeSelector[\"" + key + "\"]",
                    value,
                    "\"" + required + "\" or unset");
              }
            });
  }

  private static void checkRequiredAffinity(
      List<NodeSelectorTerm> terms, SyncPolicy policy, List<Refusal> refusals) {
    String base =
        "spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution"
            + ".nodeSelectorTerms";
    if (terms == null) {
      return;
    }
    if (!terms.isEmpty() && terms.stream().allMatch(PlacementEnforcer::isEmpty)) {
      Refusals.add(
          refusals, base, "only empty terms", "at least one term; empty terms match no node");
    }
    for (int i = 0; i < terms.size(); i++) {
      List<NodeSelectorRequirement> expressions =
          terms.get(i) == null ? null : terms.get(i).getMatchExpressions();
      for (int j = 0; expressions != null && j < expressions.size(); j++) {
        NodeSelectorRequirement requirement = expressions.get(j);
        String required =
            requirement == null ? null : policy.nodeSelector().get(requirement.getKey());
        if (required != null && !admits(requirement, required)) {
          Refusals.add(
              refusals,
              base + "[" + i + "].matchExpressions[" + j + "]",
              describe(requirement),
              "expressions on " + requirement.getKey() + " that admit \"" + required + "\"");
        }
      }
    }
  }

  private static boolean admits(NodeSelectorRequirement requirement, String required) {
    List<String> values = requirement.getValues() == null ? List.of() : requirement.getValues();
    String operator = requirement.getOperator() == null ? "" : requirement.getOperator();
    return switch (operator) {
      case IN -> values.contains(required);
      case "NotIn" -> !values.contains(required);
      case "Exists" -> true;
      default -> false;
    };
  }

  private static String describe(NodeSelectorRequirement requirement) {
    return requirement.getKey() + " " + requirement.getOperator() + " " + requirement.getValues();
  }

  private static void checkTolerations(
      List<Toleration> tolerations, SyncPolicy policy, List<Refusal> refusals) {
    for (int i = 0; tolerations != null && i < tolerations.size(); i++) {
      Toleration toleration = tolerations.get(i);
      if (toleration == null || policy.tolerations().contains(toleration)) {
        continue;
      }
      String key = toleration.getKey() == null ? "" : toleration.getKey();
      String field = "spec.tolerations[" + i + "]";
      if (key.isEmpty()) {
        Refusals.add(refusals, field, "a toleration of every taint", "tolerations naming a key");
      } else if (ReservedKeys.isEnclave(key)
          || policy.nodeSelector().containsKey(key)
          || isJurisdictionTaint(key, policy)) {
        Refusals.add(
            refusals,
            field + ".key",
            key,
            "only the jurisdiction's own tolerations for keys of jurisdictions, which it adds");
      } else if (key.startsWith(CONTROL_PLANE_ROLES)) {
        Refusals.add(refusals, field + ".key", key, "keys other than " + CONTROL_PLANE_ROLES + "*");
      }
    }
  }

  private static boolean isJurisdictionTaint(String key, SyncPolicy policy) {
    return policy.tolerations().stream().anyMatch(t -> key.equals(t.getKey()));
  }

  private static List<NodeSelectorTerm> requiredTerms(PodSpec spec) {
    Affinity affinity = spec.getAffinity();
    NodeAffinity node = affinity == null ? null : affinity.getNodeAffinity();
    NodeSelector required =
        node == null ? null : node.getRequiredDuringSchedulingIgnoredDuringExecution();
    return required == null ? null : required.getNodeSelectorTerms();
  }

  private static void applyRequiredAffinity(PodSpec host, SyncPolicy policy) {
    if (policy.nodeSelector().isEmpty()) {
      return;
    }
    if (host.getAffinity() == null) {
      host.setAffinity(new Affinity());
    }
    Affinity affinity = host.getAffinity();
    if (affinity.getNodeAffinity() == null) {
      affinity.setNodeAffinity(new NodeAffinity());
    }
    NodeAffinity node = affinity.getNodeAffinity();
    List<NodeSelectorTerm> terms = new ArrayList<>();
    List<NodeSelectorTerm> tenant = requiredTerms(host);
    if (tenant != null) {
      tenant.stream().filter(t -> !isEmpty(t)).forEach(terms::add);
    }
    if (terms.isEmpty()) {
      terms.add(new NodeSelectorTerm());
    }
    for (NodeSelectorTerm term : terms) {
      List<NodeSelectorRequirement> expressions = new ArrayList<>();
      if (term.getMatchExpressions() != null) {
        term.getMatchExpressions().stream().filter(Objects::nonNull).forEach(expressions::add);
      }
      expressions.addAll(jurisdictionRequirements(policy));
      term.setMatchExpressions(expressions);
    }
    node.setRequiredDuringSchedulingIgnoredDuringExecution(new NodeSelector(terms));
  }

  private static boolean isEmpty(NodeSelectorTerm term) {
    return term == null
        || (nullOrEmpty(term.getMatchExpressions()) && nullOrEmpty(term.getMatchFields()));
  }

  private static boolean nullOrEmpty(List<?> list) {
    return list == null || list.isEmpty();
  }
}
