package dev.enclave.core.evidence;

import dev.enclave.api.v1alpha1.AccessGrant;
import dev.enclave.api.v1alpha1.AccessGrantStatus;
import dev.enclave.core.compliance.GoDurations;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * The state of an AccessGrant at report time. A grant in Git carries no status: it is "declared". A
 * live grant is "active" from status.grantedAt until status.expiresAt (or grantedAt plus its
 * duration), then "expired"; without grantedAt it is "pending", or "denied" if refused.
 */
final class GrantStates {
  static final String DECLARED = "declared";
  static final String PENDING = "pending";
  static final String ACTIVE = "active";
  static final String EXPIRED = "expired";
  static final String DENIED = "denied";

  private GrantStates() {}

  record State(String state, Instant grantedAt, Instant expiresAt) {}

  static State of(AccessGrant grant, Instant now) {
    AccessGrantStatus status = grant.getStatus();
    String phase = status == null || status.getPhase() == null ? "" : status.getPhase();
    Instant grantedAt = status == null ? null : instant(status.getGrantedAt());
    if ("denied".equals(phase.toLowerCase(Locale.ROOT))) {
      return new State(DENIED, grantedAt, null);
    }
    if (grantedAt != null) {
      Instant expiresAt = instant(status.getExpiresAt());
      if (expiresAt == null) {
        Duration duration =
            grant.getSpec() == null
                ? Duration.ZERO
                : GoDurations.parse(grant.getSpec().getDuration()).orElse(Duration.ZERO);
        expiresAt = grantedAt.plus(duration);
      }
      return new State(now.isBefore(expiresAt) ? ACTIVE : EXPIRED, grantedAt, expiresAt);
    }
    boolean live = grant.getMetadata().getCreationTimestamp() != null;
    return new State(live || !phase.isEmpty() ? PENDING : DECLARED, null, null);
  }

  private static Instant instant(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
