package dev.enclave.operator.tenant;

import static dev.enclave.operator.tenant.TenantConditions.WAITING_FOR_CONTROL_PLANE;

/** What applying a tenant's own RBAC came to: the {@code TenantAccessReady} condition. */
public record TenantAccessState(boolean ready, String reason, String message) {
  /** The control plane is not ready yet, so its API was not called. */
  public static final TenantAccessState WAITING =
      new TenantAccessState(
          false,
          WAITING_FOR_CONTROL_PLANE,
          "tenant RBAC is applied once the control plane is ready");
}
