package dev.enclave.operator.webhook;

import dev.enclave.core.pki.CertificateAuthority;
import dev.enclave.core.pki.CertificateRenewal;
import dev.enclave.core.pki.IssuedCertificate;
import dev.enclave.core.pki.LeafProfile;
import dev.enclave.core.pki.Pem;
import dev.enclave.core.pki.PkiSecret;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The admission webhook's own PKI, as the operator keeps it in one Secret: a self-signed CA (ECDSA
 * P-256, ten years), a serving certificate for the webhook Service signed by it ({@value
 * #SERVING_DAYS} days), and the CAs the API server is to trust: the current one first, then a
 * replaced one until it expires, so that a replica still serving a certificate of the old CA stays
 * trusted while a CA renewal spreads. Pure: the clock and randomness are passed in. Neither {@code
 * toString()} nor any error message carries a private key.
 *
 * <p>Secret keys: {@code tls.crt}, {@code tls.key} (the serving pair), {@code ca.crt} (the trusted
 * CAs, the caBundle) and {@code ca.key} (the current CA's key).
 */
public final class WebhookPki {
  public static final int SERVING_DAYS = 90;
  public static final Duration SERVING_VALIDITY = Duration.ofDays(SERVING_DAYS);
  public static final String CA_KEY = "ca.key";
  static final String CA_NAME = "enclave-webhook-ca";

  private final CertificateAuthority ca;
  private final IssuedCertificate serving;
  private final List<X509Certificate> trusted;

  private WebhookPki(
      CertificateAuthority ca, IssuedCertificate serving, List<X509Certificate> trusted) {
    this.ca = ca;
    this.serving = serving;
    this.trusted = List.copyOf(trusted);
  }

  /** A new CA and a serving certificate for {@code dnsNames} (the first is the common name). */
  public static WebhookPki issue(List<String> dnsNames, Clock clock, SecureRandom random) {
    CertificateAuthority ca = CertificateAuthority.create(CA_NAME, clock, random);
    return new WebhookPki(
        ca, ca.issue(servingProfile(dnsNames), clock, random), List.of(ca.certificate()));
  }

  /**
   * Reads the Secret's decoded text; refuses, naming the key, a missing or unreadable entry, a CA
   * key that is not the CA's or a serving key that is not the certificate's.
   */
  public static WebhookPki fromSecretData(Map<String, String> text) {
    String caBundle = required(text, PkiSecret.CA_CRT);
    CertificateAuthority ca = CertificateAuthority.fromPem(caBundle, required(text, CA_KEY));
    IssuedCertificate serving =
        IssuedCertificate.fromPem(
            required(text, PkiSecret.TLS_CRT), required(text, PkiSecret.TLS_KEY));
    return new WebhookPki(ca, serving, Pem.readCertificates(caBundle));
  }

  /**
   * What to write instead of this PKI, or empty when nothing is due. Once less than a third of the
   * CA's lifetime is left, a new CA and serving certificate, still trusting the old CA; once less
   * than a third of the serving certificate's is left, or it names other hosts or another issuer,
   * a new serving certificate from the same CA; a replaced CA that expired leaves the trusted CAs.
   */
  public Optional<WebhookPki> renewal(List<String> dnsNames, Clock clock, SecureRandom random) {
    List<X509Certificate> stillValid =
        trusted.stream().filter(c -> c.getNotAfter().toInstant().isAfter(clock.instant())).toList();
    if (CertificateRenewal.needsRenewal(ca.certificate(), clock)) {
      WebhookPki renewed = issue(dnsNames, clock, random);
      List<X509Certificate> trusting = new ArrayList<>(renewed.trusted);
      trusting.addAll(stillValid);
      return Optional.of(new WebhookPki(renewed.ca, renewed.serving, trusting));
    }
    boolean servingDue =
        CertificateRenewal.needsRenewal(serving.certificate(), clock)
            || !dnsNamesOf(serving.certificate()).equals(new HashSet<>(dnsNames))
            || !signedBy(serving.certificate(), ca.certificate());
    if (!servingDue && stillValid.size() == trusted.size()) {
      return Optional.empty();
    }
    IssuedCertificate next =
        servingDue ? ca.issue(servingProfile(dnsNames), clock, random) : serving;
    return Optional.of(new WebhookPki(ca, next, stillValid));
  }

  /** The text of the Secret's keys, to be base64-encoded into its {@code data}. */
  public Map<String, String> secretData() {
    Map<String, String> data = new TreeMap<>();
    data.put(PkiSecret.TLS_CRT, serving.certificatePem());
    data.put(PkiSecret.TLS_KEY, serving.privateKeyPem());
    data.put(PkiSecret.CA_CRT, caBundlePem());
    data.put(CA_KEY, ca.privateKeyPem());
    return data;
  }

  /** The CAs the API server is to trust, PEM, current first: the webhooks' {@code caBundle}. */
  public String caBundlePem() {
    StringBuilder bundle = new StringBuilder();
    trusted.forEach(certificate -> bundle.append(Pem.certificate(certificate)));
    return bundle.toString();
  }

  public CertificateAuthority ca() {
    return ca;
  }

  public IssuedCertificate serving() {
    return serving;
  }

  public List<X509Certificate> trusted() {
    return trusted;
  }

  /** IP literals among the names become IP address SANs, the rest DNS names. */
  private static LeafProfile servingProfile(List<String> names) {
    List<String> ips = names.stream().filter(org.bouncycastle.util.IPAddress::isValid).toList();
    List<String> dns = names.stream().filter(n -> !ips.contains(n)).toList();
    return LeafProfile.serving(dns.get(0), dns, ips).withValidity(SERVING_VALIDITY);
  }

  private static String required(Map<String, String> text, String key) {
    String value = text.get(key);
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("key " + key + " is missing");
    }
    return value;
  }

  private static Set<String> dnsNamesOf(X509Certificate certificate) {
    Set<String> names = new HashSet<>();
    try {
      Collection<List<?>> alternatives = certificate.getSubjectAlternativeNames();
      if (alternatives != null) {
        for (List<?> name : alternatives) {
          // dNSName and iPAddress, as servingProfile wrote them
          if (Integer.valueOf(2).equals(name.get(0)) || Integer.valueOf(7).equals(name.get(0))) {
            names.add((String) name.get(1));
          }
        }
      }
    } catch (CertificateParsingException e) {
      names.clear();
    }
    return names;
  }

  private static boolean signedBy(X509Certificate certificate, X509Certificate issuer) {
    try {
      certificate.verify(issuer.getPublicKey());
      return certificate.getIssuerX500Principal().equals(issuer.getSubjectX500Principal());
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  /** Subjects and fingerprints only. */
  @Override
  public String toString() {
    return "WebhookPki[ca=" + ca + ", serving=" + serving + ", trusted=" + trusted.size() + "]";
  }
}
