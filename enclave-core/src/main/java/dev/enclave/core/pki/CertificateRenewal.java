package dev.enclave.core.pki;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * When to re-issue a certificate. By default once less than a third of its lifetime remains, as
 * cert-manager does: about four months ahead for a one-year leaf, which leaves room for a stopped
 * operator or a failed rollout. A fixed "30 days before" would not scale with the lifetime: it
 * would renew every short-lived certificate on each reconcile.
 */
public final class CertificateRenewal {
  private CertificateRenewal() {}

  /** True from {@code before} ahead of expiry on, including after expiry. */
  public static boolean needsRenewal(X509Certificate certificate, Clock clock, Duration before) {
    Instant renewFrom = certificate.getNotAfter().toInstant().minus(before);
    return !clock.instant().isBefore(renewFrom);
  }

  /** True once less than a third of the certificate's lifetime remains. */
  public static boolean needsRenewal(X509Certificate certificate, Clock clock) {
    return needsRenewal(certificate, clock, defaultRenewBefore(certificate));
  }

  /** A third of the certificate's lifetime, notBefore to notAfter. */
  public static Duration defaultRenewBefore(X509Certificate certificate) {
    Duration lifetime =
        Duration.between(
            certificate.getNotBefore().toInstant(), certificate.getNotAfter().toInstant());
    return lifetime.dividedBy(3);
  }
}
