package dev.enclave.operator.grant;

import dev.enclave.api.v1alpha1.AccessGrantStatus;
import dev.enclave.operator.status.Conditions;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;

/**
 * When a grant's access starts and ends. Fixed once, at first issue, and then read back from the
 * grant's status (or, if that status write was lost, from its kubeconfig Secret): a re-reconcile or
 * a restarted operator never moves or extends it.
 */
public record GrantWindow(Instant grantedAt, Instant expiresAt) {
  /** Annotation on the grant's Secret and binding: when access started (RFC 3339). */
  public static final String GRANTED_AT = "enclave.dev/granted-at";

  /** Annotation on the grant's Secret and binding: when access ends (RFC 3339). */
  public static final String EXPIRES_AT = "enclave.dev/expires-at";

  /** A new window from {@code now}, to the second, as status timestamps are written. */
  public static GrantWindow starting(Instant now, Duration duration) {
    Instant start = now.truncatedTo(ChronoUnit.SECONDS);
    return new GrantWindow(start, start.plus(duration));
  }

  /** The window a status records, if it records one that parses. */
  public static Optional<GrantWindow> recorded(AccessGrantStatus status) {
    return status == null ? Optional.empty() : parse(status.getGrantedAt(), status.getExpiresAt());
  }

  /** The window annotated on an object the grant wrote (its Secret), if any. */
  public static Optional<GrantWindow> annotated(HasMetadata object) {
    Map<String, String> annotations =
        object == null ? null : object.getMetadata().getAnnotations();
    return annotations == null
        ? Optional.empty()
        : parse(annotations.get(GRANTED_AT), annotations.get(EXPIRES_AT));
  }

  public boolean over(Instant now) {
    return !now.isBefore(expiresAt);
  }

  /** How long until it ends; zero once it has. */
  public Duration remaining(Instant now) {
    return over(now) ? Duration.ZERO : Duration.between(now, expiresAt);
  }

  public String grantedAtText() {
    return Conditions.timestamp(grantedAt);
  }

  public String expiresAtText() {
    return Conditions.timestamp(expiresAt);
  }

  public Map<String, String> annotations() {
    return Map.of(GRANTED_AT, grantedAtText(), EXPIRES_AT, expiresAtText());
  }

  private static Optional<GrantWindow> parse(String grantedAt, String expiresAt) {
    if (grantedAt == null || expiresAt == null) {
      return Optional.empty();
    }
    try {
      Instant from = Instant.parse(grantedAt);
      Instant until = Instant.parse(expiresAt);
      return until.isAfter(from) ? Optional.of(new GrantWindow(from, until)) : Optional.empty();
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
