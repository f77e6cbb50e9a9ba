package dev.enclave.operator.tenant;

import dev.enclave.api.v1alpha1.EnclaveApi;
import dev.enclave.core.policy.PolicyBundleBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MatchResources;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.NamedRuleWithOperations;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicy;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBinding;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBindingSpec;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicySpec;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.Validation;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Makes a tenant cluster's Enclave ValidatingAdmissionPolicies and bindings equal to the desired
 * ones: created when missing, updated when a field Enclave sets differs (fields the API server
 * defaults are not compared), left alone when equal, so a steady state sends no write. Policies
 * and bindings named {@code enclave-*} that carry Enclave's managed-by label and are no longer
 * desired are deleted; nothing else in the tenant is touched.
 */
public final class TenantPolicyApplier {

  /** How many objects were written or deleted; 0 at steady state. */
  public int apply(KubernetesClient tenant, List<HasMetadata> desired) {
    int written = 0;
    for (HasMetadata object : desired) {
      if (object instanceof ValidatingAdmissionPolicy policy) {
        written += applyPolicy(tenant, policy);
      } else if (object instanceof ValidatingAdmissionPolicyBinding binding) {
        written += applyBinding(tenant, binding);
      } else {
        throw new IllegalArgumentException("not a tenant policy: " + object.getKind());
      }
    }
    Set<String> names =
        desired.stream().map(o -> o.getMetadata().getName()).collect(Collectors.toSet());
    return written + prune(tenant, names);
  }

  private static int applyPolicy(KubernetesClient tenant, ValidatingAdmissionPolicy desired) {
    var policies = tenant.admissionRegistration().v1().validatingAdmissionPolicies();
    ValidatingAdmissionPolicy actual = policies.withName(desired.getMetadata().getName()).get();
    if (actual == null) {
      return TenantRbacApplier.create(tenant, desired);
    }
    if (samePolicy(desired.getSpec(), actual.getSpec()) && TenantRbacApplier.hasLabels(actual, desired)) {
      return 0;
    }
    actual.setSpec(desired.getSpec());
    actual.getMetadata().setLabels(TenantRbacApplier.mergedLabels(actual, desired));
    tenant.resource(actual).update();
    return 1;
  }

  private static int applyBinding(KubernetesClient tenant, ValidatingAdmissionPolicyBinding desired) {
    var bindings = tenant.admissionRegistration().v1().validatingAdmissionPolicyBindings();
    ValidatingAdmissionPolicyBinding actual =
        bindings.withName(desired.getMetadata().getName()).get();
    if (actual == null) {
      return TenantRbacApplier.create(tenant, desired);
    }
    if (sameBinding(desired.getSpec(), actual.getSpec()) && TenantRbacApplier.hasLabels(actual, desired)) {
      return 0;
    }
    actual.setSpec(desired.getSpec());
    actual.getMetadata().setLabels(TenantRbacApplier.mergedLabels(actual, desired));
    tenant.resource(actual).update();
    return 1;
  }

  /** Bindings first, so no binding is left pointing at a deleted policy. */
  private static int prune(KubernetesClient tenant, Set<String> desired) {
    var api = tenant.admissionRegistration().v1();
    int deleted = 0;
    for (var binding :
        api.validatingAdmissionPolicyBindings()
            .withLabel(EnclaveApi.MANAGED_BY_LABEL, EnclaveApi.MANAGED_BY)
            .list()
            .getItems()) {
      if (stale(binding, desired)) {
        tenant.resource(binding).delete();
        deleted++;
      }
    }
    for (var policy :
        api.validatingAdmissionPolicies()
            .withLabel(EnclaveApi.MANAGED_BY_LABEL, EnclaveApi.MANAGED_BY)
            .list()
            .getItems()) {
      if (stale(policy, desired)) {
        tenant.resource(policy).delete();
        deleted++;
      }
    }
    return deleted;
  }

  private static boolean stale(HasMetadata object, Set<String> desired) {
    String name = object.getMetadata().getName();
    Map<String, String> labels =
        Optional.ofNullable(object.getMetadata().getLabels()).orElse(Map.of());
    return name.startsWith(PolicyBundleBuilder.NAME_PREFIX)
        && EnclaveApi.MANAGED_BY.equals(labels.get(EnclaveApi.MANAGED_BY_LABEL))
        && !desired.contains(name);
  }

  static boolean samePolicy(ValidatingAdmissionPolicySpec desired, ValidatingAdmissionPolicySpec actual) {
    return actual != null && policyFields(desired).equals(policyFields(actual));
  }

  private static List<Object> policyFields(ValidatingAdmissionPolicySpec spec) {
    MatchResources match = spec.getMatchConstraints();
    return List.of(
        Objects.toString(spec.getFailurePolicy(), ""),
        orEmpty(match == null ? null : match.getResourceRules()).stream()
            .map(TenantPolicyApplier::rule)
            .toList(),
        orEmpty(spec.getMatchConditions()).stream()
            .map(c -> List.of(c.getName(), c.getExpression()))
            .toList(),
        orEmpty(spec.getVariables()).stream()
            .map(v -> List.of(v.getName(), v.getExpression()))
            .toList(),
        orEmpty(spec.getValidations()).stream().map(TenantPolicyApplier::validation).toList());
  }

  private static List<List<String>> rule(NamedRuleWithOperations rule) {
    return List.of(
        orEmpty(rule.getApiGroups()),
        orEmpty(rule.getApiVersions()),
        orEmpty(rule.getResources()),
        orEmpty(rule.getOperations()));
  }

  private static List<String> validation(Validation validation) {
    return List.of(
        Objects.toString(validation.getExpression(), ""),
        Objects.toString(validation.getMessageExpression(), ""),
        Objects.toString(validation.getMessage(), ""),
        Objects.toString(validation.getReason(), ""));
  }

  static boolean sameBinding(
      ValidatingAdmissionPolicyBindingSpec desired, ValidatingAdmissionPolicyBindingSpec actual) {
    return actual != null
        && Objects.equals(desired.getPolicyName(), actual.getPolicyName())
        && orEmpty(desired.getValidationActions()).equals(orEmpty(actual.getValidationActions()));
  }

  private static <T> List<T> orEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }
}
