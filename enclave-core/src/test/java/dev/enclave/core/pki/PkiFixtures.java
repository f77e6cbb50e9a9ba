package dev.enclave.core.pki;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;

/** A fixed clock, seeded randomness and PKIX path validation shared by the PKI tests. */
final class PkiFixtures {
  static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  private PkiFixtures() {}

  static SecureRandom seeded(long seed) {
    try {
      SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
      random.setSeed(seed);
      return random;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static Clock at(Instant instant) {
    return Clock.fixed(instant, ZoneOffset.UTC);
  }

  /** True when a PKIX validator, checking at {@link #NOW}, chains {@code leaf} to {@code root}. */
  static boolean chainsTo(X509Certificate leaf, X509Certificate root) {
    try {
      PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(root, null)));
      parameters.setRevocationEnabled(false);
      parameters.setDate(Date.from(NOW));
      CertPathValidator.getInstance("PKIX")
          .validate(
              CertificateFactory.getInstance("X.509").generateCertPath(List.of(leaf)), parameters);
      return true;
    } catch (CertPathValidatorException e) {
      return false;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static List<String> rdnValues(X509Certificate certificate, ASN1ObjectIdentifier type) {
    X500Name name = X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded());
    return Arrays.stream(name.getRDNs(type))
        .map(RDN::getFirst)
        .map(value -> IETFUtils.valueToString(value.getValue()))
        .toList();
  }

  static String commonName(X509Certificate certificate) {
    return rdnValues(certificate, BCStyle.CN).get(0);
  }

  static List<String> organizations(X509Certificate certificate) {
    return rdnValues(certificate, BCStyle.O);
  }
}
