package dev.enclave.core.compliance;

import static dev.enclave.core.compliance.Messages.quote;

import dev.enclave.api.v1alpha1.AccessGrant;
import dev.enclave.api.v1alpha1.AccessGrantSpec;
import dev.enclave.api.v1alpha1.JurisdictionSpec;
import dev.enclave.api.v1alpha1.TenantCluster;
import dev.enclave.api.v1alpha1.TenantClusterSpec;
import dev.enclave.core.model.Declared;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Break-glass access is narrow, short and explained: a known role, one of the jurisdiction's admin
 * groups, at most eight hours, and a written justification.
 */
final class AccessGrantRules {
  static final List<String> ROLES = List.of("view", "edit", "admin");
  static final Duration MAX_DURATION = Duration.ofHours(8);

  private AccessGrantRules() {}

  static void check(Catalog catalog, List<Violation> out) {
    for (Declared<AccessGrant> grant : catalog.accessGrants()) {
      Findings findings = Findings.on(grant, out);
      AccessGrantSpec spec = grant.object().getSpec();
      if (findings.require("spec", spec)) {
        checkGroup(catalog, grant.object(), spec.getGroup(), findings);
        checkRole(spec.getRole(), findings);
        checkDuration(spec.getDuration(), findings);
        findings.require("spec.justification", spec.getJustification());
      }
    }
  }

  private static void checkGroup(
      Catalog catalog, AccessGrant grant, String group, Findings findings) {
    if (!findings.require("spec.group", group)) {
      return;
    }
    Optional<TenantCluster> tenant =
        catalog.tenantCluster(Catalog.namespaceOf(grant), grant.getSpec().getTenantCluster());
    String jurisdiction =
        tenant.map(TenantCluster::getSpec).map(TenantClusterSpec::getJurisdiction).orElse(null);
    JurisdictionSpec spec = catalog.jurisdictionSpec(jurisdiction).orElse(null);
    if (spec == null) {
      return; // an unknown tenant or jurisdiction is reported by ReferenceRules
    }
    List<String> allowed = Catalog.orEmpty(spec.getAdminGroups());
    if (!allowed.contains(group)) {
      findings.add("spec.group", Messages.notAllowedIn("group", group, jurisdiction, allowed));
    }
  }

  private static void checkRole(String role, Findings findings) {
    if (findings.require("spec.role", role) && !ROLES.contains(role)) {
      findings.add("spec.role", Messages.unknown("role", role, ROLES));
    }
  }

  private static void checkDuration(String text, Findings findings) {
    if (!findings.require("spec.duration", text)) {
      return;
    }
    Optional<Duration> duration = GoDurations.parse(text);
    if (duration.isEmpty()) {
      findings.add(
          "spec.duration",
          "duration " + quote(text) + " is not a duration; expected e.g. 90m, 2h or 1h30m");
    } else if (duration.get().isNegative() || duration.get().isZero()) {
      findings.add("spec.duration", "duration " + quote(text) + " must be longer than zero");
    } else if (duration.get().compareTo(MAX_DURATION) > 0) {
      findings.add(
          "spec.duration",
          "duration " + quote(text) + " is longer than allowed; at most 8h for break-glass access");
    }
  }
}
