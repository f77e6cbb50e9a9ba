package dev.enclave.operator.tenant;

/** Condition types, reasons and phases of a TenantCluster's status. */
public final class TenantConditions {
  public static final String COMPLIANT = "Compliant";
  public static final String DATA_STORE_READY = "DataStoreReady";
  public static final String CONTROL_PLANE_READY = "ControlPlaneReady";
  public static final String TENANT_ACCESS_READY = "TenantAccessReady";
  public static final String POLICY_READY = "PolicyReady";
  public static final String READY = "Ready";

  public static final String RULES_PASSED = "RulesPassed";
  public static final String VIOLATIONS_FOUND = "ViolationsFound";
  public static final String JURISDICTION_NOT_SERVED = "JurisdictionNotServed";
  public static final String DRIFT_DETECTED = "DriftDetected";
  public static final String REPLICAS_READY = "ReplicasReady";
  public static final String REPLICAS_NOT_READY = "ReplicasNotReady";
  public static final String ROLLING_OUT = "RollingOut";
  public static final String EMBEDDED_ETCD_READY = "EmbeddedEtcdReady";
  public static final String WAITING_FOR_CONTROL_PLANE = "WaitingForControlPlane";
  public static final String SHARED_DATA_STORE_BOUND = "SharedDataStoreBound";
  public static final String NOT_PROVISIONED = "NotProvisioned";
  public static final String AVAILABLE = "ControlPlaneAvailable";
  public static final String RECONCILE_FAILED = "ReconcileFailed";

  /** The host API server refused the operator's ServiceAccount (403): RBAC or admission policy. */
  public static final String PERMISSION_DENIED = "PermissionDenied";
  public static final String RBAC_APPLIED = "RbacApplied";
  public static final String TENANT_API_UNREACHABLE = "TenantApiUnreachable";
  public static final String RBAC_APPLY_FAILED = "RbacApplyFailed";
  public static final String POLICIES_INSTALLED = "PoliciesInstalled";
  public static final String POLICY_APPLY_FAILED = "PolicyApplyFailed";
  public static final String POLICY_ENGINE_NOT_INSTALLED = "PolicyEngineNotInstalled";

  public static final String PENDING = "Pending";
  public static final String PROVISIONING = "Provisioning";
  public static final String PHASE_READY = "Ready";
  public static final String UPGRADING = "Upgrading";
  public static final String FAILED = "Failed";
  public static final String DELETING = "Deleting";

  private TenantConditions() {}
}
