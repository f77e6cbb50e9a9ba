package dev.enclave.core.pki;

import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;

/** A certificate and its private key; {@code toString()} shows the subject and fingerprint only. */
public record IssuedCertificate(X509Certificate certificate, PrivateKey privateKey) {

  /** Loads a pair from PEM, refusing a key that does not belong to the certificate. */
  public static IssuedCertificate fromPem(String certificatePem, String privateKeyPem) {
    X509Certificate certificate = Pem.readCertificate(certificatePem);
    PrivateKey privateKey = Pem.readPrivateKey(privateKeyPem);
    if (!KeyMatch.matches(certificate.getPublicKey(), privateKey)) {
      throw new IllegalArgumentException(
          "the private key does not belong to certificate "
              + certificate.getSubjectX500Principal());
    }
    return new IssuedCertificate(certificate, privateKey);
  }

  public String certificatePem() {
    return Pem.certificate(certificate);
  }

  public String privateKeyPem() {
    return Pem.privateKey(privateKey);
  }

  /** SHA-256 of the certificate's DER encoding, as {@code openssl x509 -fingerprint} shows it. */
  public String fingerprint() {
    return fingerprint(certificate);
  }

  /** As {@link #fingerprint()}, of any certificate. */
  public static String fingerprint(X509Certificate certificate) {
    try {
      return Fingerprints.sha256(certificate.getEncoded());
    } catch (CertificateEncodingException e) {
      throw new IllegalStateException("cannot encode " + certificate.getSubjectX500Principal(), e);
    }
  }

  @Override
  public String toString() {
    return "IssuedCertificate["
        + certificate.getSubjectX500Principal()
        + ", "
        + fingerprint()
        + "]";
  }
}
