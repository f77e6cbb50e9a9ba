package dev.enclave.core.pki;

import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;

/** A self-signed ECDSA P-256 CA that issues one tenant's serving and client certificates. */
public final class CertificateAuthority {
  /** Ten years: rotating a CA means re-issuing every credential signed by it, so it is rare. */
  public static final Duration DEFAULT_VALIDITY = Duration.ofDays(3650);

  private final IssuedCertificate keyPair;

  private CertificateAuthority(IssuedCertificate keyPair) {
    this.keyPair = keyPair;
  }

  /** A new CA with subject {@code CN=<name>}, valid for ten years from the clock's now. */
  public static CertificateAuthority create(String name, Clock clock, SecureRandom random) {
    KeyPair keys = KeyPairs.ecdsaP256(random);
    X500Name subject = Subjects.of(name, List.of());
    X509Certificate certificate =
        new X509Signer(subject, keys.getPrivate(), random)
            .sign(
                subject,
                keys.getPublic(),
                Validity.starting(clock, DEFAULT_VALIDITY),
                CertificateExtensions.certificateAuthority(keys.getPublic()));
    return new CertificateAuthority(new IssuedCertificate(certificate, keys.getPrivate()));
  }

  /** Loads a CA from PEM, refusing a certificate that is not a CA or a key that is not its own. */
  public static CertificateAuthority fromPem(String certificatePem, String privateKeyPem) {
    IssuedCertificate keyPair = IssuedCertificate.fromPem(certificatePem, privateKeyPem);
    if (keyPair.certificate().getBasicConstraints() < 0) {
      throw new IllegalArgumentException(
          keyPair.certificate().getSubjectX500Principal() + " is not a CA certificate");
    }
    return new CertificateAuthority(keyPair);
  }

  /** A new key pair and a certificate for it, signed by this CA; never valid past this CA. */
  public IssuedCertificate issue(LeafProfile profile, Clock clock, SecureRandom random) {
    KeyPair keys = KeyPairs.ecdsaP256(random);
    Validity validity =
        Validity.starting(clock, profile.validity())
            .notAfter(certificate().getNotAfter().toInstant());
    X509Certificate certificate =
        new X509Signer(Subjects.of(certificate()), privateKey(), random)
            .sign(
                Subjects.of(profile.commonName(), profile.organizations()),
                keys.getPublic(),
                validity,
                CertificateExtensions.leaf(
                    profile, keys.getPublic(), certificate().getPublicKey()));
    return new IssuedCertificate(certificate, keys.getPrivate());
  }

  /**
   * As {@link #issue} for exactly {@code notBefore} to {@code notAfter}, without the clock-skew
   * allowance: a time-bound credential (an AccessGrant's) is valid for its window and not a second
   * more. Refuses a window that is empty or outlives this CA.
   */
  public IssuedCertificate issueFor(
      LeafProfile profile, Instant notBefore, Instant notAfter, SecureRandom random) {
    if (!notAfter.isAfter(notBefore)) {
      throw new IllegalArgumentException(
          profile.commonName() + ": notAfter " + notAfter + " is not after notBefore " + notBefore);
    }
    if (notAfter.isAfter(certificate().getNotAfter().toInstant())) {
      throw new IllegalArgumentException(
          profile.commonName() + ": notAfter " + notAfter + " outlives the CA, valid until "
              + certificate().getNotAfter().toInstant());
    }
    KeyPair keys = KeyPairs.ecdsaP256(random);
    X509Certificate certificate =
        new X509Signer(Subjects.of(certificate()), privateKey(), random)
            .sign(
                Subjects.of(profile.commonName(), profile.organizations()),
                keys.getPublic(),
                new Validity(notBefore, notAfter),
                CertificateExtensions.leaf(
                    profile, keys.getPublic(), certificate().getPublicKey()));
    return new IssuedCertificate(certificate, keys.getPrivate());
  }

  public X509Certificate certificate() {
    return keyPair.certificate();
  }

  public PrivateKey privateKey() {
    return keyPair.privateKey();
  }

  public String certificatePem() {
    return keyPair.certificatePem();
  }

  public String privateKeyPem() {
    return keyPair.privateKeyPem();
  }

  @Override
  public String toString() {
    return "CertificateAuthority["
        + certificate().getSubjectX500Principal()
        + ", "
        + keyPair.fingerprint()
        + "]";
  }
}
