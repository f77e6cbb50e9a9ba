package dev.enclave.operator.grant;

import static dev.enclave.operator.grant.GrantConditions.ACTIVE;
import static dev.enclave.operator.grant.GrantConditions.COMPLIANT;

import dev.enclave.api.v1alpha1.AccessGrant;
import dev.enclave.api.v1alpha1.AccessGrantStatus;
import dev.enclave.api.v1alpha1.FieldViolation;
import dev.enclave.api.v1alpha1.LocalObjectReference;
import dev.enclave.core.compliance.Violation;
import dev.enclave.operator.status.Conditions;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * An AccessGrant's status for each thing that can happen to it. The window, once fixed, is carried
 * in every later status, so it is never lost nor moved; conditions keep their transition time
 * while their status holds.
 */
final class GrantStatuses {
  private final Clock clock;

  GrantStatuses(Clock clock) {
    this.clock = clock;
  }

  /** Not issued yet (or not any more, after a failure): waiting for {@code reason}. */
  AccessGrantStatus pending(
      AccessGrant grant, Optional<Boolean> compliant, String reason, String message) {
    Builder status = new Builder(grant, GrantConditions.PENDING);
    compliant.ifPresent(passed -> status.compliant(passed, null));
    return status
        .active(false, reason, message)
        .window(GrantWindow.recorded(grant.getStatus()))
        .build();
  }

  AccessGrantStatus denied(
      AccessGrant grant, List<Violation> violations, Optional<String> revoking) {
    Builder status = new Builder(grant, GrantConditions.DENIED);
    status.compliant(false, summary(violations));
    status.violations = violations.stream().map(Violation::toFieldViolation).toList();
    return revoking
        .map(problem -> status.active(false, GrantConditions.REVOCATION_PENDING, problem))
        .orElseGet(
            () ->
                status.active(
                    false,
                    GrantConditions.DENIED_REASON,
                    "refused by the compliance rules; nothing is issued"))
        .window(GrantWindow.recorded(grant.getStatus()))
        .build();
  }

  AccessGrantStatus active(AccessGrant grant, GrantWindow window) {
    Builder status = new Builder(grant, GrantConditions.PHASE_ACTIVE);
    status.compliant(true, null);
    status.user = GrantNames.user(grant);
    status.secret = GrantNames.kubeconfigSecret(grant);
    return status
        .active(
            true,
            GrantConditions.GRANTED,
            "group "
                + grant.getSpec().getGroup()
                + " has "
                + grant.getSpec().getRole()
                + " on tenant cluster "
                + grant.getSpec().getTenantCluster()
                + " as user "
                + status.user
                + " until "
                + window.expiresAtText())
        .window(Optional.of(window))
        .build();
  }

  AccessGrantStatus expired(AccessGrant grant, GrantWindow window, Optional<String> revoking) {
    Builder status = new Builder(grant, GrantConditions.EXPIRED);
    Conditions.find(conditions(grant), COMPLIANT).ifPresent(status.conditions::add);
    status.user = GrantNames.user(grant);
    return revoking
        .map(problem -> status.active(false, GrantConditions.REVOCATION_PENDING, problem))
        .orElseGet(
            () ->
                status.active(
                    false,
                    GrantConditions.EXPIRED_REASON,
                    "expired at "
                        + window.expiresAtText()
                        + "; binding "
                        + GrantNames.binding(grant)
                        + " and Secret "
                        + GrantNames.kubeconfigSecret(grant)
                        + " removed"))
        .window(Optional.of(window))
        .build();
  }

  /** The grant is being deleted and its binding could not be removed yet. */
  AccessGrantStatus revocationPending(AccessGrant grant, String problem) {
    AccessGrantStatus previous = grant.getStatus();
    String phase =
        previous == null || previous.getPhase() == null ? GrantConditions.PENDING : previous.getPhase();
    Builder status = new Builder(grant, phase);
    Conditions.find(conditions(grant), COMPLIANT).ifPresent(status.conditions::add);
    status.user = previous == null ? null : previous.getUser();
    return status
        .active(false, GrantConditions.REVOCATION_PENDING, problem)
        .window(GrantWindow.recorded(previous))
        .build();
  }

  private static List<Condition> conditions(AccessGrant grant) {
    return grant.getStatus() == null ? List.of() : grant.getStatus().getConditions();
  }

  static String summary(List<Violation> violations) {
    String count = violations.size() == 1 ? "1 violation: " : violations.size() + " violations: ";
    return count
        + violations.stream()
            .map(v -> v.fieldPath() + ": " + v.message())
            .collect(Collectors.joining("; "));
  }

  private final class Builder {
    private final AccessGrant grant;
    private final String phase;
    private final List<Condition> conditions = new ArrayList<>();
    private List<FieldViolation> violations = List.of();
    private Optional<GrantWindow> window = Optional.empty();
    private String user;
    private String secret;

    Builder(AccessGrant grant, String phase) {
      this.grant = grant;
      this.phase = phase;
    }

    Builder compliant(boolean passed, String message) {
      conditions.add(
          Conditions.of(
              COMPLIANT,
              passed,
              passed ? GrantConditions.RULES_PASSED : GrantConditions.VIOLATIONS_FOUND,
              passed ? "the grant passes the compliance rules" : message,
              grant.getMetadata().getGeneration()));
      return this;
    }

    Builder active(boolean active, String reason, String message) {
      conditions.add(
          Conditions.of(ACTIVE, active, reason, message, grant.getMetadata().getGeneration()));
      return this;
    }

    Builder window(Optional<GrantWindow> value) {
      window = value;
      return this;
    }

    AccessGrantStatus build() {
      AccessGrantStatus status = new AccessGrantStatus();
      status.setPhase(phase);
      status.setObservedGeneration(grant.getMetadata().getGeneration());
      window.ifPresent(
          w -> {
            status.setGrantedAt(w.grantedAtText());
            status.setExpiresAt(w.expiresAtText());
          });
      status.setUser(user);
      if (secret != null) {
        LocalObjectReference ref = new LocalObjectReference();
        ref.setName(secret);
        status.setKubeconfigSecretRef(ref);
      }
      status.setConditions(Conditions.merge(conditions(grant), conditions, clock));
      status.setViolations(new ArrayList<>(violations));
      return status;
    }
  }
}
