package dev.enclave.core.pki;

import java.security.cert.X509Certificate;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;

/** Distinguished names: {@code CN=<user>, O=<group>...}, the form Kubernetes reads users from. */
final class Subjects {
  private Subjects() {}

  static X500Name of(String commonName, List<String> organizations) {
    X500NameBuilder builder = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName);
    organizations.forEach(organization -> builder.addRDN(BCStyle.O, organization));
    return builder.build();
  }

  static X500Name of(X509Certificate certificate) {
    return X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded());
  }
}
