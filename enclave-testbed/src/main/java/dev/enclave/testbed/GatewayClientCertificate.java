package dev.enclave.testbed;

import dev.enclave.core.pki.CertificateAuthority;
import dev.enclave.core.pki.IssuedCertificate;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A client certificate without a common name ({@code O=<organization>} only), for etcd's JSON
 * gateway: with client-cert-auth and authentication on, etcd refuses a gateway request whose
 * certificate has a CN (it could not carry the CN through), so such a client logs in by password.
 * The project's PKI issues only certificates with a CN, hence this one small issuer.
 */
final class GatewayClientCertificate {
  private GatewayClientCertificate() {}

  static IssuedCertificate issue(CertificateAuthority ca, String organization, SecureRandom random) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"), random);
      KeyPair keys = generator.generateKeyPair();
      Instant now = Instant.now();
      JcaX509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
              X500Name.getInstance(ca.certificate().getSubjectX500Principal().getEncoded()),
              new BigInteger(128, random),
              Date.from(now.minus(Duration.ofMinutes(5))),
              Date.from(now.plus(Duration.ofDays(30))),
              new X500Name("O=" + organization),
              keys.getPublic());
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
      X509CertificateHolder holder = builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(ca.privateKey()));
      X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(holder);
      return new IssuedCertificate(certificate, keys.getPrivate());
    } catch (GeneralSecurityException | OperatorCreationException | java.io.IOException e) {
      throw new IllegalStateException("cannot issue the etcd gateway client certificate: " + e.getClass().getSimpleName());
    }
  }
}
