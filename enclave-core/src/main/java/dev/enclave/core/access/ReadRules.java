package dev.enclave.core.access;

import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Whether RBAC rules let a subject read a namespace's pods, configmaps or secrets. A rule counts
 * when its verbs include get, list, watch or *, its apiGroups the core group ("") or *, and its
 * resources one of those or *. A rule limited by resourceNames still counts (reading one named
 * Secret, such as an admin kubeconfig, is reading secrets); the names are shown beside the binding
 * so the report can tell partial from full access. Non-resource URLs are ignored.
 */
final class ReadRules {
  static final Set<String> READ_VERBS = Set.of("get", "list", "watch", "*");
  static final Set<String> READABLE = Set.of("pods", "configmaps", "secrets", "*");

  private ReadRules() {}

  /**
   * What a set of rules allows; {@code readNames} / {@code secretNames} are the resource names
   * reading (of anything / of secrets) is limited to when every such rule is limited, else empty.
   */
  record Access(
      boolean canRead, boolean canReadSecrets, Set<String> readNames, Set<String> secretNames) {
    /** {@code " (resourceNames: a, b)"} or {@code " (secrets: resourceNames a)"}, else empty. */
    String restriction() {
      if (!readNames.isEmpty()) {
        return " (resourceNames: " + String.join(", ", readNames) + ")";
      }
      return secretNames.isEmpty()
          ? ""
          : " (secrets only by resourceNames: " + String.join(", ", secretNames) + ")";
    }
  }

  static Access access(List<PolicyRule> rules) {
    Limits read = new Limits();
    Limits secrets = new Limits();
    for (PolicyRule rule : rules == null ? List.<PolicyRule>of() : rules) {
      if (!reads(rule)) {
        continue;
      }
      read.add(rule.getResourceNames());
      if (has(rule.getResources(), "secrets") || has(rule.getResources(), "*")) {
        secrets.add(rule.getResourceNames());
      }
    }
    return new Access(read.any, secrets.any, read.names(), secrets.names());
  }

  /** Whether any rule matched, and the names all of them are limited to. */
  private static final class Limits {
    private boolean any;
    private boolean unrestricted;
    private final Set<String> names = new TreeSet<>();

    void add(List<String> resourceNames) {
      any = true;
      if (resourceNames == null || resourceNames.isEmpty()) {
        unrestricted = true;
      } else {
        names.addAll(resourceNames);
      }
    }

    Set<String> names() {
      return unrestricted ? Set.of() : names;
    }
  }

  private static boolean reads(PolicyRule rule) {
    return anyOf(rule.getVerbs(), READ_VERBS)
        && (has(rule.getApiGroups(), "") || has(rule.getApiGroups(), "*"))
        && anyOf(rule.getResources(), READABLE);
  }

  private static boolean anyOf(List<String> values, Set<String> wanted) {
    return values != null && values.stream().anyMatch(wanted::contains);
  }

  private static boolean has(List<String> values, String wanted) {
    return values != null && values.contains(wanted);
  }
}
