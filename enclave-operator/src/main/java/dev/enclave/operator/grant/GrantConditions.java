package dev.enclave.operator.grant;

/** The AccessGrant's phases, condition types and reasons, as status and docs spell them. */
public final class GrantConditions {
  public static final String COMPLIANT = "Compliant";
  public static final String ACTIVE = "Active";

  public static final String PENDING = "Pending";
  public static final String PHASE_ACTIVE = "Active";
  public static final String EXPIRED = "Expired";
  public static final String DENIED = "Denied";

  /** Compliant=True. */
  public static final String RULES_PASSED = "RulesPassed";
  /** Compliant=False: status.violations says why. */
  public static final String VIOLATIONS_FOUND = "ViolationsFound";

  /** Active=False, Pending: no TenantCluster of that name in the grant's namespace (yet). */
  public static final String WAITING_FOR_TENANT_CLUSTER = "WaitingForTenantCluster";
  /** Active=False, Pending: the tenant's API does not take Enclave's RBAC yet. */
  public static final String WAITING_FOR_TENANT_ACCESS = "WaitingForTenantAccess";
  /** Active=False, Pending: another host's operator serves the tenant's jurisdiction. */
  public static final String JURISDICTION_NOT_SERVED = "JurisdictionNotServed";
  /** Active=False, Pending: the credential or the binding could not be issued; retried. */
  public static final String ISSUE_FAILED = "IssueFailed";
  /** Active=True: the binding and the kubeconfig Secret are in place. */
  public static final String GRANTED = "Granted";
  /** Active=False, Expired: the window is over and the binding and Secret are gone. */
  public static final String EXPIRED_REASON = "Expired";
  /** Active=False, Denied: the rules refused the grant; nothing is (any longer) issued. */
  public static final String DENIED_REASON = "Denied";
  /** Active=False: the binding could not be removed from the tenant yet; retried. */
  public static final String REVOCATION_PENDING = "RevocationPending";

  /** Event reasons. */
  public static final String ACCESS_GRANTED = "AccessGranted";
  public static final String ACCESS_EXPIRED = "AccessExpired";
  public static final String ACCESS_DENIED = "AccessDenied";
  public static final String ACCESS_REVOKED = "AccessRevoked";
  public static final String REVOCATION_FAILED = "RevocationFailed";

  private GrantConditions() {}
}
