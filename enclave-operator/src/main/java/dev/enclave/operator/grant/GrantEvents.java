package dev.enclave.operator.grant;

import dev.enclave.api.v1alpha1.AccessGrant;
import dev.enclave.core.compliance.Violation;
import dev.enclave.operator.status.TenantEvents;
import java.util.List;

/** The Events a grant's life leaves on it, as {@code kubectl describe accessgrant} shows them. */
final class GrantEvents {
  private final TenantEvents events;

  GrantEvents(TenantEvents events) {
    this.events = events;
  }

  void granted(AccessGrant grant, GrantWindow window) {
    events.normal(
        grant,
        GrantConditions.ACCESS_GRANTED,
        "group "
            + grant.getSpec().getGroup()
            + " granted "
            + grant.getSpec().getRole()
            + " on tenant cluster "
            + grant.getSpec().getTenantCluster()
            + " until "
            + window.expiresAtText()
            + ": "
            + grant.getSpec().getJustification());
  }

  void expired(AccessGrant grant, GrantWindow window) {
    events.normal(
        grant,
        GrantConditions.ACCESS_EXPIRED,
        "access of group "
            + grant.getSpec().getGroup()
            + " ("
            + grant.getSpec().getRole()
            + ") to tenant cluster "
            + grant.getSpec().getTenantCluster()
            + " expired at "
            + window.expiresAtText()
            + removed(grant));
  }

  void revoked(AccessGrant grant) {
    events.normal(grant, GrantConditions.ACCESS_REVOKED, "grant deleted" + removed(grant));
  }

  void denied(AccessGrant grant, List<Violation> violations) {
    events.warning(grant, GrantConditions.ACCESS_DENIED, GrantStatuses.summary(violations));
  }

  void revocationFailed(AccessGrant grant, String problem) {
    events.warning(grant, GrantConditions.REVOCATION_FAILED, problem);
  }

  private static String removed(AccessGrant grant) {
    return "; binding "
        + GrantNames.binding(grant)
        + " and Secret "
        + GrantNames.kubeconfigSecret(grant)
        + " removed";
  }
}
