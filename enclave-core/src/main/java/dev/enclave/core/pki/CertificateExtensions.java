package dev.enclave.core.pki;

import java.io.IOException;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;

/** The X.509 extensions of Enclave's CA and leaf certificates. */
final class CertificateExtensions {
  private CertificateExtensions() {}

  /** CA:true with path length 0 (it signs leaves only), keyCertSign and cRLSign, SKI and AKI. */
  static List<Extension> certificateAuthority(PublicKey key) {
    return List.of(
        extension(Extension.basicConstraints, true, new BasicConstraints(0)),
        extension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign)),
        extension(Extension.subjectKeyIdentifier, false, utils().createSubjectKeyIdentifier(key)),
        extension(
            Extension.authorityKeyIdentifier, false, utils().createAuthorityKeyIdentifier(key)));
  }

  /** CA:false, digitalSignature (all keys are ECDSA), the profile's EKUs and SANs, SKI and AKI. */
  static List<Extension> leaf(LeafProfile profile, PublicKey key, PublicKey issuerKey) {
    List<Extension> extensions = new ArrayList<>();
    extensions.add(extension(Extension.basicConstraints, true, new BasicConstraints(false)));
    extensions.add(extension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature)));
    extensions.add(extension(Extension.extendedKeyUsage, false, extendedKeyUsage(profile)));
    if (!profile.dnsNames().isEmpty() || !profile.ipAddresses().isEmpty()) {
      extensions.add(extension(Extension.subjectAlternativeName, false, alternativeNames(profile)));
    }
    extensions.add(
        extension(Extension.subjectKeyIdentifier, false, utils().createSubjectKeyIdentifier(key)));
    extensions.add(
        extension(
            Extension.authorityKeyIdentifier,
            false,
            utils().createAuthorityKeyIdentifier(issuerKey)));
    return extensions;
  }

  private static ExtendedKeyUsage extendedKeyUsage(LeafProfile profile) {
    return new ExtendedKeyUsage(
        profile.usages().stream()
            .map(
                usage ->
                    usage == LeafProfile.Usage.SERVER_AUTH
                        ? KeyPurposeId.id_kp_serverAuth
                        : KeyPurposeId.id_kp_clientAuth)
            .toArray(KeyPurposeId[]::new));
  }

  private static GeneralNames alternativeNames(LeafProfile profile) {
    List<GeneralName> names = new ArrayList<>();
    profile.dnsNames().forEach(dns -> names.add(new GeneralName(GeneralName.dNSName, dns)));
    profile.ipAddresses().forEach(ip -> names.add(new GeneralName(GeneralName.iPAddress, ip)));
    return new GeneralNames(names.toArray(GeneralName[]::new));
  }

  private static Extension extension(
      ASN1ObjectIdentifier oid, boolean critical, ASN1Encodable value) {
    try {
      return Extension.create(oid, critical, value);
    } catch (IOException e) {
      throw new IllegalStateException("cannot encode extension " + oid, e);
    }
  }

  private static JcaX509ExtensionUtils utils() {
    try {
      return new JcaX509ExtensionUtils();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM has no SHA-1 for key identifiers", e);
    }
  }
}
