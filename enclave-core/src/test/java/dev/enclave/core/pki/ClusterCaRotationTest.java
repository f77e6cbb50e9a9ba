package dev.enclave.core.pki;

import static dev.enclave.core.pki.PkiFixtures.CLOCK;
import static dev.enclave.core.pki.PkiFixtures.NOW;
import static dev.enclave.core.pki.PkiFixtures.at;
import static dev.enclave.core.pki.PkiFixtures.chainsTo;
import static dev.enclave.core.pki.PkiFixtures.seeded;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.enclave.api.v1alpha1.TenantCluster;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The three steps of a cluster CA rotation, and how each is kept in and read from the Secrets. */
class ClusterCaRotationTest {
  private static final TenantCluster ACME = tenant();
  private static final TenantPki PKI = TenantPki.generate(ACME, CLOCK, seeded(42));
  private static final Clock LATER = at(NOW.plus(Duration.ofDays(30)));

  @Test
  void theFirstStepTrustsANewCaBesideTheOldOneAndChangesNoLeaf() {
    TenantPki trusting = PKI.withIncomingClusterCa(LATER, seeded(1));
    X509Certificate incoming = trusting.incomingClusterCa().orElseThrow().certificate();

    assertThat(trusting.clusterCa().certificate()).isEqualTo(PKI.clusterCa().certificate());
    assertThat(trusting.clusterTrust()).containsExactly(PKI.clusterCa().certificate(), incoming);
    for (TenantLeaf leaf : TenantLeaf.values()) {
      assertThat(trusting.leaf(leaf).certificate()).as("%s", leaf).isEqualTo(PKI.leaf(leaf).certificate());
    }
    assertThat(trusting.kubeconfig(TenantLeaf.ADMIN).trusted())
        .containsExactly(PKI.clusterCa().certificate(), incoming);
    Map<String, String> ca = trusting.secretData("acme-ca");
    assertThat(Pem.readCertificates(ca.get("ca.crt")))
        .containsExactly(PKI.clusterCa().certificate(), incoming);
    assertThat(ca).containsKeys("next.crt", "next.key");
    assertThat(Pem.readCertificates(trusting.secretData("acme-apiserver-tls").get("ca.crt")))
        .containsExactly(PKI.clusterCa().certificate(), incoming);
  }

  @Test
  void theSecondStepSignsEveryClusterLeafWithTheNewCaAndStillTrustsTheOld() {
    // at the clock chainsTo validates at
    TenantPki trusting = PKI.withIncomingClusterCa(CLOCK, seeded(1));
    X509Certificate incoming = trusting.incomingClusterCa().orElseThrow().certificate();
    TenantPki signing = trusting.signedByIncomingClusterCa(CLOCK, seeded(2));

    assertThat(signing.clusterCa().certificate()).isEqualTo(incoming);
    assertThat(signing.incomingClusterCa()).isEmpty();
    assertThat(signing.clusterTrust()).containsExactly(incoming, PKI.clusterCa().certificate());
    assertThat(signing.etcdCa().certificate()).isEqualTo(PKI.etcdCa().certificate());
    for (TenantLeaf leaf : TenantLeaf.values()) {
      X509Certificate root =
          leaf.issuedByEtcdCa() ? PKI.etcdCa().certificate() : incoming;
      assertThat(chainsTo(signing.leaf(leaf).certificate(), root)).as("%s", leaf).isTrue();
    }
    assertThat(signing.secretData("acme-ca")).doesNotContainKeys("next.crt", "next.key");
    assertThat(signing.signedByIncomingClusterCa(LATER, seeded(3))).isSameAs(signing);
  }

  @Test
  void theLastStepTrustsTheNewCaAlone() {
    TenantPki done =
        PKI.withIncomingClusterCa(LATER, seeded(1))
            .signedByIncomingClusterCa(LATER, seeded(2))
            .withoutRetiredClusterCas();

    assertThat(done.clusterTrust()).containsExactly(done.clusterCa().certificate());
    assertThat(done.clusterCa().certificate()).isNotEqualTo(PKI.clusterCa().certificate());
    assertThat(done.kubeconfig(TenantLeaf.SYNCER).trusted()).containsExactly(done.clusterCa().certificate());
    assertThat(Pem.readCertificates(done.secretData("acme-ca").get("ca.crt")))
        .containsExactly(done.clusterCa().certificate());
  }

  @Test
  void everyStepRoundTripsThroughItsSecrets() {
    TenantPki trusting = PKI.withIncomingClusterCa(LATER, seeded(1));
    TenantPki signing = trusting.signedByIncomingClusterCa(LATER, seeded(2));
    TenantPki done = signing.withoutRetiredClusterCas();

    for (TenantPki step : List.of(trusting, signing, done)) {
      TenantPki loaded = TenantPki.fromSecrets(ACME, stringData(step));
      assertThat(loaded.secrets()).isEqualTo(step.secrets());
      assertThat(loaded.clusterTrust()).isEqualTo(step.clusterTrust());
      assertThat(loaded.incomingClusterCa().map(CertificateAuthority::certificate))
          .isEqualTo(step.incomingClusterCa().map(CertificateAuthority::certificate));
    }
  }

  @Test
  void theCaSecretAloneSaysWhichStepWasWrittenAndWhichCaIsReplaced() {
    TenantPki trusting = PKI.withIncomingClusterCa(LATER, seeded(1));
    TenantPki signing = trusting.signedByIncomingClusterCa(LATER, seeded(2));
    X509Certificate oldCa = PKI.clusterCa().certificate();
    X509Certificate newCa = signing.clusterCa().certificate();

    ClusterCaTrust before = TenantPki.clusterCaTrust(ACME, PKI.secretData("acme-ca"));
    ClusterCaTrust first = TenantPki.clusterCaTrust(ACME, trusting.secretData("acme-ca"));
    ClusterCaTrust second = TenantPki.clusterCaTrust(ACME, signing.secretData("acme-ca"));
    ClusterCaTrust last =
        TenantPki.clusterCaTrust(ACME, signing.withoutRetiredClusterCas().secretData("acme-ca"));

    assertThat(before.rotating()).isFalse();
    assertThat(first.incoming()).contains(newCa);
    assertThat(first.retiring()).isEmpty();
    assertThat(second.incoming()).isEmpty();
    assertThat(second.rotating()).isTrue();
    assertThat(second.signer()).isEqualTo(newCa);
    assertThat(second.retiring()).contains(oldCa);
    assertThat(last.rotating()).isFalse();
    assertThat(last.trusted()).containsExactly(newCa);
  }

  @Test
  void aPkiOfBeforeRotationsWritesTheSameSecretsAsBefore() {
    Map<String, String> ca = PKI.secretData("acme-ca");

    assertThat(ca.get("ca.crt")).isEqualTo(ca.get("tls.crt"));
    assertThat(ca).containsOnlyKeys("ca.crt", "tls.crt", "tls.key");
  }

  @Test
  void aLeafOfThePreviousCaIsReadDuringTheOverlapAndRefusedAfterIt() {
    TenantPki signing =
        PKI.withIncomingClusterCa(LATER, seeded(1)).signedByIncomingClusterCa(LATER, seeded(2));
    Map<String, Map<String, String>> halfWritten = stringData(signing);
    halfWritten.put("acme-admin-kubeconfig", new HashMap<>(PKI.secretData("acme-admin-kubeconfig")));

    assertThat(TenantPki.fromSecrets(ACME, halfWritten).leaf(TenantLeaf.ADMIN).certificate())
        .isEqualTo(PKI.leaf(TenantLeaf.ADMIN).certificate());

    Map<String, Map<String, String>> afterOverlap = stringData(signing.withoutRetiredClusterCas());
    afterOverlap.put("acme-admin-kubeconfig", new HashMap<>(PKI.secretData("acme-admin-kubeconfig")));
    assertThatThrownBy(() -> TenantPki.fromSecrets(ACME, afterOverlap))
        .hasMessage(
            "secret acme-admin-kubeconfig: kubeconfig is not signed by a CA trusted in secret acme-ca");
  }

  @Test
  void aSecondRotationIsRefusedWhileOneIsUnderWay() {
    TenantPki trusting = PKI.withIncomingClusterCa(LATER, seeded(1));

    assertThatThrownBy(() -> trusting.withIncomingClusterCa(LATER, seeded(2)))
        .hasMessage("tenants-eu/acme: a cluster CA rotation is under way already");
    assertThatThrownBy(trusting::withoutRetiredClusterCas)
        .hasMessage("tenants-eu/acme: the incoming cluster CA does not sign yet");
  }

  @Test
  void aCaBundleThatDoesNotTrustItsOwnCaIsRefused() {
    Map<String, Map<String, String>> secrets = stringData(PKI);
    TenantPki other = TenantPki.generate(ACME, CLOCK, seeded(5));
    secrets.get("acme-ca").put("ca.crt", other.clusterCa().certificatePem());

    assertThatThrownBy(() -> TenantPki.fromSecrets(ACME, secrets))
        .hasMessage("secret acme-ca: ca.crt does not trust the CA in tls.crt");
  }

  private static Map<String, Map<String, String>> stringData(TenantPki pki) {
    Map<String, Map<String, String>> data = new HashMap<>();
    pki.secrets().forEach(secret -> data.put(secret.name(), new HashMap<>(secret.stringData())));
    return data;
  }

  private static TenantCluster tenant() {
    TenantCluster tenant = new TenantCluster();
    tenant.setMetadata(new ObjectMetaBuilder().withNamespace("tenants-eu").withName("acme").build());
    return tenant;
  }
}
