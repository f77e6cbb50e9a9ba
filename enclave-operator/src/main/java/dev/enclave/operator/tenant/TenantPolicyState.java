package dev.enclave.operator.tenant;

import static dev.enclave.operator.tenant.TenantConditions.POLICY_APPLY_FAILED;
import static dev.enclave.operator.tenant.TenantConditions.POLICY_READY;
import static dev.enclave.operator.tenant.TenantConditions.TENANT_API_UNREACHABLE;
import static dev.enclave.operator.tenant.TenantConditions.WAITING_FOR_CONTROL_PLANE;

import dev.enclave.api.v1alpha1.TenantCluster;
import dev.enclave.operator.status.Conditions;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;

/**
 * What installing a tenant's policy bundles came to: the {@code PolicyReady} condition, or none at
 * all ({@link #NONE}) when the tenant declares no bundle, so Ready does not wait for it.
 */
public record TenantPolicyState(boolean declared, boolean ready, String reason, String message) {
  public static final TenantPolicyState NONE = new TenantPolicyState(false, true, "", "");

  /** Whether {@code tenant} declares any policy bundle. */
  static boolean declares(TenantCluster tenant) {
    var policy = tenant.getSpec().getPolicy();
    return policy != null && policy.getBundles() != null && !policy.getBundles().isEmpty();
  }

  /** Nothing was installed yet because the tenant's API or its RBAC is not ready. */
  static TenantPolicyState waiting(TenantCluster tenant, TenantAccessState access) {
    if (!declares(tenant)) {
      return NONE;
    }
    return WAITING_FOR_CONTROL_PLANE.equals(access.reason())
        ? new TenantPolicyState(
            true,
            false,
            WAITING_FOR_CONTROL_PLANE,
            "policy bundles are installed once the control plane is ready")
        : new TenantPolicyState(
            true,
            false,
            access.reason(),
            "policy bundles are installed once the tenant RBAC is in place");
  }

  /** The tenant API failed while applying bundles: the reconcile is retried soon. */
  static boolean retrying(List<Condition> conditions) {
    return Conditions.find(conditions, POLICY_READY)
        .filter(c -> Conditions.FALSE.equals(c.getStatus()))
        .filter(
            c ->
                POLICY_APPLY_FAILED.equals(c.getReason())
                    || TENANT_API_UNREACHABLE.equals(c.getReason()))
        .isPresent();
  }
}
