package dev.enclave.datastore.etcd;

import dev.enclave.core.pki.CertificateAuthority;
import dev.enclave.core.pki.IssuedCertificate;
import dev.enclave.core.pki.LeafProfile;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import javax.security.auth.x500.X500Principal;

/**
 * The client certificate a tenant's API server presents to a shared etcd: CN = the tenant's etcd
 * user, signed by the store's client CA. A certificate from the tenant's existing Secret is kept
 * while it matches its key, was signed by this CA, names this user and has more than 30 days left.
 */
final class EtcdTenantCertificates {
  static final String CERT_KEY = "tls.crt";
  static final String KEY_KEY = "tls.key";
  private static final Duration RENEW_BEFORE = Duration.ofDays(30);

  private final CertificateAuthority clientCa;
  private final Clock clock;
  private final SecureRandom random;

  EtcdTenantCertificates(CertificateAuthority clientCa, Clock clock, SecureRandom random) {
    this.clientCa = clientCa;
    this.clock = clock;
    this.random = random;
  }

  /** {@code tls.crt} and {@code tls.key}: the existing ones if still good, else a new pair. */
  Map<String, String> keepOrIssue(String user, Map<String, String> existing) {
    if (stillGood(user, existing)) {
      return Map.of(CERT_KEY, existing.get(CERT_KEY), KEY_KEY, existing.get(KEY_KEY));
    }
    IssuedCertificate issued = clientCa.issue(LeafProfile.client(user), clock, random);
    return Map.of(CERT_KEY, issued.certificatePem(), KEY_KEY, issued.privateKeyPem());
  }

  private boolean stillGood(String user, Map<String, String> existing) {
    String cert = existing.get(CERT_KEY);
    String key = existing.get(KEY_KEY);
    if (cert == null || key == null) {
      return false;
    }
    try {
      X509Certificate c = IssuedCertificate.fromPem(cert, key).certificate();
      c.verify(clientCa.certificate().getPublicKey());
      return new X500Principal("CN=" + user).equals(c.getSubjectX500Principal())
          && c.getNotAfter().toInstant().isAfter(clock.instant().plus(RENEW_BEFORE));
    } catch (GeneralSecurityException | RuntimeException e) {
      return false; // unreadable, foreign or mismatched: issue a new one
    }
  }
}
