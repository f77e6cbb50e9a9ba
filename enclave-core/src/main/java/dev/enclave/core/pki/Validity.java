package dev.enclave.core.pki;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The validity window of a new certificate. It starts a few minutes in the past so a component on a
 * node whose clock runs slightly behind the operator's still accepts a certificate just issued.
 */
record Validity(Instant notBefore, Instant notAfter) {
  static final Duration CLOCK_SKEW_ALLOWANCE = Duration.ofMinutes(5);

  static Validity starting(Clock clock, Duration lifetime) {
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    return new Validity(now.minus(CLOCK_SKEW_ALLOWANCE), now.plus(lifetime));
  }

  /** No leaf outlives its CA: a chain is only as valid as its shortest link. */
  Validity notAfter(Instant limit) {
    return notAfter.isAfter(limit) ? new Validity(notBefore, limit) : this;
  }
}
