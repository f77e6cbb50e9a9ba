package dev.enclave.core.access;

import dev.enclave.core.observed.AccessSubject;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Who can read a namespace, computed from RBAC objects as the API server serves them: every subject
 * of a RoleBinding there or of any ClusterRoleBinding whose role lets it get, list or watch pods,
 * configmaps or secrets ({@link ReadRules}). One entry per subject and binding, sorted by kind,
 * namespace, name and binding; {@code system:masters} comes first, as it bypasses RBAC.
 */
public final class RbacAnalyzer {
  public static final String MASTERS = "system:masters";

  private RbacAnalyzer() {}

  public static List<AccessSubject> readers(
      String namespace,
      List<Role> roles,
      List<RoleBinding> roleBindings,
      List<ClusterRole> clusterRoles,
      List<ClusterRoleBinding> clusterRoleBindings) {
    Map<String, Role> namespaced =
        byName(roles, r -> inNamespace(r.getMetadata().getNamespace(), namespace));
    Map<String, ClusterRole> cluster = byName(clusterRoles, r -> true);
    List<AccessSubject> readers = new ArrayList<>();
    for (RoleBinding binding : roleBindings) {
      if (!inNamespace(binding.getMetadata().getNamespace(), namespace)) {
        continue;
      }
      RoleRef ref = binding.getRoleRef();
      Optional<List<PolicyRule>> rules = rulesOf(ref, namespaced, cluster);
      String via =
          "RoleBinding/" + namespace + "/" + binding.getMetadata().getName() + " -> " + target(ref);
      rules.ifPresent(r -> add(readers, binding.getSubjects(), namespace, via, r));
    }
    for (ClusterRoleBinding binding : clusterRoleBindings) {
      RoleRef ref = binding.getRoleRef();
      Optional<List<PolicyRule>> rules =
          "ClusterRole".equals(ref == null ? null : ref.getKind())
              ? Optional.ofNullable(cluster.get(ref.getName())).map(ClusterRole::getRules)
              : Optional.empty();
      String via = "ClusterRoleBinding/" + binding.getMetadata().getName() + " -> " + target(ref);
      rules.ifPresent(r -> add(readers, binding.getSubjects(), null, via, r));
    }
    readers.sort(ORDER);
    readers.add(
        0,
        new AccessSubject(
            "Group", MASTERS, null, "unconditional: members of " + MASTERS + " bypass RBAC", true));
    return List.copyOf(readers);
  }

  private static final Comparator<AccessSubject> ORDER =
      Comparator.comparing(AccessSubject::kind)
          .thenComparing(s -> Objects.toString(s.namespace(), ""))
          .thenComparing(AccessSubject::name)
          .thenComparing(AccessSubject::via);

  private static void add(
      List<AccessSubject> readers,
      List<Subject> subjects,
      String bindingNamespace,
      String via,
      List<PolicyRule> rules) {
    ReadRules.Access access = ReadRules.access(rules);
    if (!access.canRead() || subjects == null) {
      return;
    }
    String shown = via + access.restriction();
    for (Subject subject : subjects) {
      boolean serviceAccount = "ServiceAccount".equals(subject.getKind());
      String namespace =
          serviceAccount
              ? Objects.requireNonNullElse(emptyToNull(subject.getNamespace()), bindingNamespace)
              : null;
      readers.add(
          new AccessSubject(
              subject.getKind(), subject.getName(), namespace, shown, access.canReadSecrets()));
    }
  }

  private static Optional<List<PolicyRule>> rulesOf(
      RoleRef ref, Map<String, Role> roles, Map<String, ClusterRole> clusterRoles) {
    if (ref == null) {
      return Optional.empty();
    }
    if ("Role".equals(ref.getKind())) {
      return Optional.ofNullable(roles.get(ref.getName())).map(Role::getRules);
    }
    if ("ClusterRole".equals(ref.getKind())) {
      return Optional.ofNullable(clusterRoles.get(ref.getName())).map(ClusterRole::getRules);
    }
    return Optional.empty();
  }

  private static String target(RoleRef ref) {
    return ref == null ? "<no roleRef>" : ref.getKind() + "/" + ref.getName();
  }

  private static <R extends HasMetadata> Map<String, R> byName(List<R> objects, Predicate<R> keep) {
    return objects.stream()
        .filter(keep)
        .collect(
            Collectors.toMap(
                o -> o.getMetadata().getName(), Function.identity(), (a, b) -> a, TreeMap::new));
  }

  private static boolean inNamespace(String actual, String namespace) {
    return Objects.equals(actual, namespace);
  }

  private static String emptyToNull(String value) {
    return value == null || value.isEmpty() ? null : value;
  }
}
