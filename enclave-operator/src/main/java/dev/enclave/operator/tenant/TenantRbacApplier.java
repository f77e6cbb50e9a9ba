package dev.enclave.operator.tenant;

import dev.enclave.api.v1alpha1.EnclaveApi;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Makes cluster-scoped ClusterRoles and ClusterRoleBindings in a tenant cluster equal to the
 * desired ones: created when missing, replaced when their rules, subjects or roleRef differ (a
 * binding whose roleRef differs is deleted and created again, as the API server keeps roleRef
 * immutable), left alone when equal, so a steady state sends no write at all.
 */
final class TenantRbacApplier {

  /**
   * Enclave's own RBAC in a tenant: its managed-by label, and not an AccessGrant's binding (those
   * have their own lifecycle).
   */
  static final String OWNED_SELECTOR =
      EnclaveApi.MANAGED_BY_LABEL + "=" + EnclaveApi.MANAGED_BY + ",!" + EnclaveApi.ACCESS_GRANT_LABEL;

  /** How many objects were written or pruned; 0 at steady state. */
  int apply(KubernetesClient tenant, List<HasMetadata> desired) {
    int written = 0;
    for (HasMetadata object : desired) {
      if (object instanceof ClusterRole role) {
        written += applyRole(tenant, role);
      } else if (object instanceof ClusterRoleBinding binding) {
        written += applyBinding(tenant, binding);
      } else {
        throw new IllegalArgumentException("not tenant RBAC: " + object.getKind());
      }
    }
    return written + prune(tenant, desired);
  }

  /**
   * Deletes Enclave's ClusterRoles and ClusterRoleBindings that {@code desired} no longer names
   * (an earlier release rendered them); nothing without Enclave's label is looked at.
   */
  private static int prune(KubernetesClient tenant, List<HasMetadata> desired) {
    Set<String> roles = new HashSet<>();
    Set<String> bindings = new HashSet<>();
    for (HasMetadata object : desired) {
      (object instanceof ClusterRole ? roles : bindings).add(object.getMetadata().getName());
    }
    int deleted = 0;
    for (ClusterRoleBinding b : tenant.rbac().clusterRoleBindings().withLabelSelector(OWNED_SELECTOR).list().getItems()) {
      if (!bindings.contains(b.getMetadata().getName())) {
        tenant.resource(b).delete();
        deleted++;
      }
    }
    for (ClusterRole r : tenant.rbac().clusterRoles().withLabelSelector(OWNED_SELECTOR).list().getItems()) {
      if (!roles.contains(r.getMetadata().getName())) {
        tenant.resource(r).delete();
        deleted++;
      }
    }
    return deleted;
  }

  private static int applyRole(KubernetesClient tenant, ClusterRole desired) {
    var named = tenant.rbac().clusterRoles().withName(desired.getMetadata().getName());
    ClusterRole actual = named.get();
    if (actual == null) {
      return create(tenant, desired);
    }
    if (sameRules(desired.getRules(), actual.getRules()) && hasLabels(actual, desired)) {
      return 0;
    }
    actual.setRules(desired.getRules());
    actual.getMetadata().setLabels(mergedLabels(actual, desired));
    tenant.resource(actual).update();
    return 1;
  }

  private static int applyBinding(KubernetesClient tenant, ClusterRoleBinding desired) {
    var named = tenant.rbac().clusterRoleBindings().withName(desired.getMetadata().getName());
    ClusterRoleBinding actual = named.get();
    if (actual == null) {
      return create(tenant, desired);
    }
    if (!sameRoleRef(desired.getRoleRef(), actual.getRoleRef())) {
      named.delete();
      return create(tenant, desired);
    }
    if (sameSubjects(desired.getSubjects(), actual.getSubjects()) && hasLabels(actual, desired)) {
      return 0;
    }
    actual.setSubjects(desired.getSubjects());
    actual.getMetadata().setLabels(mergedLabels(actual, desired));
    tenant.resource(actual).update();
    return 1;
  }

  /** A 409 means another writer (a second leader) created it meanwhile: compared next time. */
  static int create(KubernetesClient tenant, HasMetadata desired) {
    try {
      tenant.resource(desired).create();
      return 1;
    } catch (KubernetesClientException e) {
      if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
        return 0;
      }
      throw e;
    }
  }

  static boolean sameRules(List<PolicyRule> desired, List<PolicyRule> actual) {
    return normalised(desired).equals(normalised(actual));
  }

  private static List<List<List<String>>> normalised(List<PolicyRule> rules) {
    return orEmpty(rules).stream()
        .map(
            r ->
                List.of(
                    orEmpty(r.getApiGroups()),
                    orEmpty(r.getResources()),
                    orEmpty(r.getVerbs()),
                    orEmpty(r.getResourceNames()),
                    orEmpty(r.getNonResourceURLs())))
        .toList();
  }

  static boolean sameSubjects(List<Subject> desired, List<Subject> actual) {
    return subjects(desired).equals(subjects(actual));
  }

  private static List<List<String>> subjects(List<Subject> subjects) {
    return orEmpty(subjects).stream()
        .map(
            s ->
                List.of(
                    Objects.toString(s.getApiGroup(), ""),
                    Objects.toString(s.getKind(), ""),
                    Objects.toString(s.getName(), ""),
                    Objects.toString(s.getNamespace(), "")))
        .toList();
  }

  private static boolean sameRoleRef(RoleRef desired, RoleRef actual) {
    return actual != null
        && Objects.equals(desired.getApiGroup(), actual.getApiGroup())
        && Objects.equals(desired.getKind(), actual.getKind())
        && Objects.equals(desired.getName(), actual.getName());
  }

  static boolean hasLabels(HasMetadata actual, HasMetadata desired) {
    Map<String, String> labels =
        Optional.ofNullable(actual.getMetadata().getLabels()).orElse(Map.of());
    return labels.entrySet().containsAll(desired.getMetadata().getLabels().entrySet());
  }

  static Map<String, String> mergedLabels(HasMetadata actual, HasMetadata desired) {
    Map<String, String> labels =
        new HashMap<>(Optional.ofNullable(actual.getMetadata().getLabels()).orElse(Map.of()));
    labels.putAll(desired.getMetadata().getLabels());
    return labels;
  }

  private static <T> List<T> orEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }
}
