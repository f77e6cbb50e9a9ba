package dev.enclave.core.pki;

import java.io.IOException;
import java.math.BigInteger;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Signs X.509 v3 certificates with one issuer key (SHA256withECDSA, random 128-bit serials). */
final class X509Signer {
  static final String SIGNATURE_ALGORITHM = "SHA256withECDSA";
  private static final int SERIAL_BYTES = 16;

  private final X500Name issuer;
  private final PrivateKey issuerKey;
  private final SecureRandom random;

  X509Signer(X500Name issuer, PrivateKey issuerKey, SecureRandom random) {
    this.issuer = issuer;
    this.issuerKey = issuerKey;
    this.random = random;
  }

  X509Certificate sign(
      X500Name subject, PublicKey subjectKey, Validity validity, List<Extension> extensions) {
    X509v3CertificateBuilder builder =
        new JcaX509v3CertificateBuilder(
            issuer,
            serial(),
            Date.from(validity.notBefore()),
            Date.from(validity.notAfter()),
            subject,
            subjectKey);
    try {
      for (Extension extension : extensions) {
        builder.addExtension(extension);
      }
      ContentSigner signer =
          new JcaContentSignerBuilder(SIGNATURE_ALGORITHM).setSecureRandom(random).build(issuerKey);
      return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
    } catch (IOException | OperatorCreationException | CertificateException e) {
      throw new IllegalStateException("cannot sign a certificate for " + subject, e);
    }
  }

  /** RFC 5280 wants a positive serial of at most 20 octets; 128 random bits are unguessable. */
  private BigInteger serial() {
    BigInteger serial;
    do {
      byte[] bytes = new byte[SERIAL_BYTES];
      random.nextBytes(bytes);
      serial = new BigInteger(1, bytes);
    } while (serial.signum() == 0);
    return serial;
  }
}
