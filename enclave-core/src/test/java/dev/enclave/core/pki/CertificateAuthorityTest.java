package dev.enclave.core.pki;

import static dev.enclave.core.pki.PkiFixtures.CLOCK;
import static dev.enclave.core.pki.PkiFixtures.NOW;
import static dev.enclave.core.pki.PkiFixtures.chainsTo;
import static dev.enclave.core.pki.PkiFixtures.commonName;
import static dev.enclave.core.pki.PkiFixtures.organizations;
import static dev.enclave.core.pki.PkiFixtures.seeded;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.junit.jupiter.api.Test;

class CertificateAuthorityTest {
  private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
  private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
  private static final int DIGITAL_SIGNATURE = 0;
  private static final int KEY_CERT_SIGN = 5;
  private static final int CRL_SIGN = 6;

  private final CertificateAuthority ca = CertificateAuthority.create("acme-ca", CLOCK, seeded(1));
  private final CertificateAuthority otherCa =
      CertificateAuthority.create("other-ca", CLOCK, seeded(2));

  @Test
  void theCaIsASelfSignedEcdsaCaThatSignsOnlyLeaves() throws Exception {
    X509Certificate certificate = ca.certificate();

    certificate.verify(certificate.getPublicKey());
    assertThat(certificate.getSubjectX500Principal().getName()).isEqualTo("CN=acme-ca");
    assertThat(certificate.getIssuerX500Principal())
        .isEqualTo(certificate.getSubjectX500Principal());
    assertThat(certificate.getBasicConstraints()).isZero();
    assertThat(certificate.getKeyUsage()[KEY_CERT_SIGN]).isTrue();
    assertThat(certificate.getKeyUsage()[CRL_SIGN]).isTrue();
    assertThat(certificate.getKeyUsage()[DIGITAL_SIGNATURE]).isFalse();
    assertThat(certificate.getSigAlgName()).isEqualTo("SHA256withECDSA");
    assertThat(certificate.getPublicKey().getAlgorithm()).isEqualTo("EC");
  }

  @Test
  void theCaCarriesMatchingSubjectAndAuthorityKeyIdentifiers() throws Exception {
    X509CertificateHolder holder = new JcaX509CertificateHolder(ca.certificate());

    byte[] subjectKeyId =
        SubjectKeyIdentifier.fromExtensions(holder.getExtensions()).getKeyIdentifier();
    byte[] authorityKeyId =
        AuthorityKeyIdentifier.fromExtensions(holder.getExtensions()).getKeyIdentifier();
    assertThat(subjectKeyId).hasSize(20).isEqualTo(authorityKeyId);
    assertThat(holder.getExtension(Extension.basicConstraints).isCritical()).isTrue();
  }

  @Test
  void theCaIsValidForTenYearsFromTheClockLessTheSkewAllowance() {
    assertThat(ca.certificate().getNotBefore().toInstant())
        .isEqualTo(NOW.minus(Duration.ofMinutes(5)));
    assertThat(ca.certificate().getNotAfter().toInstant())
        .isEqualTo(NOW.plus(Duration.ofDays(3650)));
  }

  @Test
  void aServingCertificateNamesItsHostsAndIsForServersOnly() throws Exception {
    IssuedCertificate leaf =
        ca.issue(
            LeafProfile.serving(
                "kube-apiserver", List.of("acme", "localhost"), List.of("127.0.0.1")),
            CLOCK,
            seeded(3));

    assertThat(leaf.certificate().getExtendedKeyUsage()).containsExactly(SERVER_AUTH);
    assertThat(leaf.certificate().getSubjectAlternativeNames())
        .containsExactly(List.of(2, "acme"), List.of(2, "localhost"), List.of(7, "127.0.0.1"));
    assertThat(leaf.certificate().getBasicConstraints()).isEqualTo(-1);
    assertThat(leaf.certificate().getKeyUsage()[DIGITAL_SIGNATURE]).isTrue();
    assertThat(leaf.certificate().getKeyUsage()[KEY_CERT_SIGN]).isFalse();
  }

  @Test
  void aClientCertificateNamesItsUserAndGroupsAndIsForClientsOnly() throws Exception {
    IssuedCertificate leaf =
        ca.issue(LeafProfile.client("jane", "team-a", "team-b"), CLOCK, seeded(3));

    assertThat(commonName(leaf.certificate())).isEqualTo("jane");
    assertThat(organizations(leaf.certificate())).containsExactly("team-a", "team-b");
    assertThat(leaf.certificate().getExtendedKeyUsage()).containsExactly(CLIENT_AUTH);
    assertThat(leaf.certificate().getSubjectAlternativeNames()).isNull();
  }

  @Test
  void aLeafChainsToItsOwnCaAndNotToAnother() {
    IssuedCertificate leaf = ca.issue(LeafProfile.client("jane"), CLOCK, seeded(3));

    assertThat(chainsTo(leaf.certificate(), ca.certificate())).isTrue();
    assertThat(chainsTo(leaf.certificate(), otherCa.certificate())).isFalse();
  }

  @Test
  void aLeafIsValidForOneYearByDefaultAndNeverOutlivesItsCa() {
    IssuedCertificate leaf = ca.issue(LeafProfile.client("jane"), CLOCK, seeded(3));
    IssuedCertificate longLeaf =
        ca.issue(LeafProfile.client("jane").withValidity(Duration.ofDays(5000)), CLOCK, seeded(3));

    assertThat(leaf.certificate().getNotBefore().toInstant())
        .isEqualTo(NOW.minus(Duration.ofMinutes(5)));
    assertThat(leaf.certificate().getNotAfter().toInstant())
        .isEqualTo(NOW.plus(Duration.ofDays(365)));
    assertThat(longLeaf.certificate().getNotAfter()).isEqualTo(ca.certificate().getNotAfter());
  }

  @Test
  void serialsAreRandomPositive128BitNumbers() {
    IssuedCertificate first = ca.issue(LeafProfile.client("jane"), CLOCK, seeded(3));
    IssuedCertificate second = ca.issue(LeafProfile.client("jane"), CLOCK, seeded(4));

    assertThat(first.certificate().getSerialNumber()).isPositive();
    assertThat(first.certificate().getSerialNumber().bitLength()).isBetween(100, 128);
    assertThat(first.certificate().getSerialNumber())
        .isNotEqualTo(second.certificate().getSerialNumber());
  }

  @Test
  void theSameSeedAndClockGiveTheSameCa() {
    CertificateAuthority again = CertificateAuthority.create("acme-ca", CLOCK, seeded(1));

    assertThat(again.certificatePem()).isEqualTo(ca.certificatePem());
    assertThat(again.privateKeyPem()).isEqualTo(ca.privateKeyPem());
  }

  @Test
  void aCaRoundTripsThroughPem() {
    CertificateAuthority loaded =
        CertificateAuthority.fromPem(ca.certificatePem(), ca.privateKeyPem());
    IssuedCertificate leaf = loaded.issue(LeafProfile.client("jane"), CLOCK, seeded(3));

    assertThat(loaded.certificate()).isEqualTo(ca.certificate());
    assertThat(chainsTo(leaf.certificate(), ca.certificate())).isTrue();
  }

  @Test
  void aBundleOfTwoCasReadsBackInOrder_andTextWithoutCertificatesIsRefused() {
    String bundle = ca.certificatePem() + otherCa.certificatePem();

    assertThat(Pem.readCertificates(bundle))
        .containsExactly(ca.certificate(), otherCa.certificate());
    assertThat(Pem.readCertificates(ca.certificatePem())).containsExactly(ca.certificate());
    assertThatThrownBy(() -> Pem.readCertificates("not a certificate"))
        .hasMessageContaining("BEGIN CERTIFICATE");
  }

  @Test
  void loadingRefusesAKeyThatIsNotTheCertificatesAndSaysSoWithoutTheKey() {
    assertThatThrownBy(
            () -> CertificateAuthority.fromPem(ca.certificatePem(), otherCa.privateKeyPem()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the private key does not belong to certificate CN=acme-ca")
        .hasNoCause();
  }

  @Test
  void loadingRefusesALeafAsACa() {
    IssuedCertificate leaf = ca.issue(LeafProfile.client("jane"), CLOCK, seeded(3));

    assertThatThrownBy(
            () -> CertificateAuthority.fromPem(leaf.certificatePem(), leaf.privateKeyPem()))
        .hasMessage("CN=jane is not a CA certificate");
  }

  @Test
  void aGarbledKeyIsRefusedWithoutEchoingIt() {
    String garbled =
        "-----BEGIN PRIVATE KEY-----\nc2VjcmV0LWtleS1ieXRlcw==\n-----END PRIVATE KEY-----\n";

    assertThatThrownBy(() -> Pem.readPrivateKey(garbled))
        .hasMessage("not a valid PKCS#8 EC or RSA private key")
        .hasNoCause();
  }

  @Test
  void toStringShowsSubjectAndFingerprintButNoKey() {
    IssuedCertificate leaf = ca.issue(LeafProfile.client("jane"), CLOCK, seeded(3));

    assertThat(ca.toString())
        .startsWith("CertificateAuthority[CN=acme-ca, sha256:")
        .doesNotContain("PRIVATE KEY");
    assertThat(leaf.toString())
        .startsWith("IssuedCertificate[CN=jane, sha256:")
        .doesNotContain("PRIVATE KEY");
    assertThat(leaf.toString())
        .doesNotContain(leaf.privateKeyPem().lines().skip(1).findFirst().orElseThrow());
  }

  @Test
  void aTimeBoundClientCertificateIsValidForExactlyItsWindowWithNoSkewAllowance()
      throws Exception {
    java.time.Instant from = NOW.plusSeconds(60);
    java.time.Instant until = from.plus(Duration.ofMinutes(90));

    IssuedCertificate grant =
        ca.issueFor(
            LeafProfile.client("enclave-grant:tenants-eu:incident-4711", "eu-platform-oncall"),
            from,
            until,
            seeded(4));

    grant.certificate().verify(ca.certificate().getPublicKey());
    assertThat(grant.certificate().getNotBefore().toInstant()).isEqualTo(from);
    assertThat(grant.certificate().getNotAfter().toInstant()).isEqualTo(until);
    assertThat(commonName(grant.certificate()))
        .isEqualTo("enclave-grant:tenants-eu:incident-4711");
    assertThat(organizations(grant.certificate())).containsExactly("eu-platform-oncall");
    assertThat(grant.certificate().getExtendedKeyUsage()).containsExactly(CLIENT_AUTH);
  }

  @Test
  void aTimeBoundWindowThatIsEmptyOrOutlivesTheCaIsRefused() {
    LeafProfile jane = LeafProfile.client("jane");

    assertThatThrownBy(() -> ca.issueFor(jane, NOW, NOW, seeded(5)))
        .hasMessageContaining("jane: notAfter")
        .hasMessageContaining("is not after notBefore");
    assertThatThrownBy(
            () -> ca.issueFor(jane, NOW, NOW.plus(Duration.ofDays(4000)), seeded(5)))
        .hasMessageContaining("outlives the CA");
  }
}
