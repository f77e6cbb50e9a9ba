package dev.enclave.syncer.translate;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.PodAffinityTerm;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.api.model.WeightedPodAffinityTerm;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Rewrites the pod selectors inside a pod (inter-pod affinity and anti-affinity, topology spread)
 * so that on the host they select only synced pods of the namespaces the tenant meant. Host
 * namespaces are never named: all of a tenant's pods share one host namespace, and the tenant's
 * namespaces become a selector on {@link NameTranslator#OBJECT_NAMESPACE}.
 */
final class PodSelectors {
  private PodSelectors() {}

  /** Rewrites {@code host} in place; returns what cannot be translated. */
  static List<Refusal> apply(PodSpec host, String tenantNamespace) {
    List<Refusal> refusals = new ArrayList<>();
    Affinity affinity = host.getAffinity();
    if (affinity != null && affinity.getPodAffinity() != null) {
      var pod = affinity.getPodAffinity();
      String base = "spec.affinity.podAffinity.";
      required(
          pod.getRequiredDuringSchedulingIgnoredDuringExecution(), base, tenantNamespace, refusals);
      preferred(
          pod.getPreferredDuringSchedulingIgnoredDuringExecution(),
          base,
          tenantNamespace,
          refusals);
    }
    if (affinity != null && affinity.getPodAntiAffinity() != null) {
      var anti = affinity.getPodAntiAffinity();
      String base = "spec.affinity.podAntiAffinity.";
      required(
          anti.getRequiredDuringSchedulingIgnoredDuringExecution(),
          base,
          tenantNamespace,
          refusals);
      preferred(
          anti.getPreferredDuringSchedulingIgnoredDuringExecution(),
          base,
          tenantNamespace,
          refusals);
    }
    List<TopologySpreadConstraint> spread = host.getTopologySpreadConstraints();
    for (int i = 0; spread != null && i < spread.size(); i++) {
      TopologySpreadConstraint constraint = spread.get(i);
      if (constraint == null) {
        continue;
      }
      String field = "spec.topologySpreadConstraints[" + i + "]";
      constraint.setLabelSelector(
          scoped(
              LabelSelectors.toHost(
                  constraint.getLabelSelector(), field + ".labelSelector", refusals),
              List.of(tenantNamespace)));
      constraint.setMatchLabelKeys(
          LabelSelectors.keysToHost(
              constraint.getMatchLabelKeys(), field + ".matchLabelKeys", refusals));
    }
    return refusals;
  }

  private static void required(
      List<PodAffinityTerm> terms, String base, String namespace, List<Refusal> refusals) {
    for (int i = 0; terms != null && i < terms.size(); i++) {
      String field = base + "requiredDuringSchedulingIgnoredDuringExecution[" + i + "]";
      term(terms.get(i), field, namespace, refusals);
    }
  }

  private static void preferred(
      List<WeightedPodAffinityTerm> terms, String base, String namespace, List<Refusal> refusals) {
    for (int i = 0; terms != null && i < terms.size(); i++) {
      String field =
          base + "preferredDuringSchedulingIgnoredDuringExecution[" + i + "].podAffinityTerm";
      term(
          terms.get(i) == null ? null : terms.get(i).getPodAffinityTerm(),
          field,
          namespace,
          refusals);
    }
  }

  private static void term(
      PodAffinityTerm term, String field, String namespace, List<Refusal> refusals) {
    if (term == null) {
      return;
    }
    LabelSelector namespaceSelector = term.getNamespaceSelector();
    List<String> namespaces = term.getNamespaces();
    List<String> scope;
    if (namespaceSelector != null && !isEverything(namespaceSelector)) {
      Refusals.add(
          refusals,
          field + ".namespaceSelector",
          "a selector of namespace labels",
          "unset, {} (all namespaces) or a list in namespaces");
      scope = List.of(namespace);
    } else if (namespaceSelector != null) {
      scope = List.of();
    } else if (namespaces != null && !namespaces.isEmpty()) {
      scope = namespaces;
    } else {
      scope = List.of(namespace);
    }
    LabelSelector labels =
        LabelSelectors.toHost(term.getLabelSelector(), field + ".labelSelector", refusals);
    term.setLabelSelector(scoped(labels, scope));
    term.setNamespaces(null);
    term.setNamespaceSelector(null);
    term.setMatchLabelKeys(
        LabelSelectors.keysToHost(term.getMatchLabelKeys(), field + ".matchLabelKeys", refusals));
    term.setMismatchLabelKeys(
        LabelSelectors.keysToHost(
            term.getMismatchLabelKeys(), field + ".mismatchLabelKeys", refusals));
  }

  /**
   * Restricts a selector to synced pods of the given tenant namespaces (all of them when empty). A
   * null selector selects nothing in the tenant and stays null.
   */
  private static LabelSelector scoped(LabelSelector selector, List<String> namespaces) {
    if (selector == null) {
      return null;
    }
    List<LabelSelectorRequirement> expressions =
        new ArrayList<>(
            selector.getMatchExpressions() == null ? List.of() : selector.getMatchExpressions());
    Map<String, String> labels =
        new TreeMap<>(selector.getMatchLabels() == null ? Map.of() : selector.getMatchLabels());
    if (namespaces.size() == 1) {
      labels.put(NameTranslator.OBJECT_NAMESPACE, namespaces.get(0));
    } else if (namespaces.isEmpty()) {
      expressions.add(
          new LabelSelectorRequirement(NameTranslator.OBJECT_NAMESPACE, "Exists", null));
    } else {
      expressions.add(
          new LabelSelectorRequirement(
              NameTranslator.OBJECT_NAMESPACE, "In", new ArrayList<>(namespaces)));
    }
    return new LabelSelector(expressions, labels);
  }

  private static boolean isEverything(LabelSelector selector) {
    return (selector.getMatchLabels() == null || selector.getMatchLabels().isEmpty())
        && (selector.getMatchExpressions() == null || selector.getMatchExpressions().isEmpty());
  }
}
