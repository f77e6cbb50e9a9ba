package dev.enclave.core.pki;

import static dev.enclave.core.pki.PkiFixtures.CLOCK;
import static dev.enclave.core.pki.PkiFixtures.NOW;
import static dev.enclave.core.pki.PkiFixtures.at;
import static dev.enclave.core.pki.PkiFixtures.chainsTo;
import static dev.enclave.core.pki.PkiFixtures.commonName;
import static dev.enclave.core.pki.PkiFixtures.organizations;
import static dev.enclave.core.pki.PkiFixtures.seeded;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.enclave.api.v1alpha1.TenantCluster;
import dev.enclave.core.controlplane.HostNames;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class TenantPkiTest {
  private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
  private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
  private static final int DNS = 2;
  private static final int IP = 7;

  private static final TenantCluster ACME = tenant("tenants-eu", "acme");
  private static final TenantPki PKI = TenantPki.generate(ACME, CLOCK, seeded(42));

  @Test
  void theApiServerServesEveryNameItIsReachedBy() throws Exception {
    X509Certificate apiServer = PKI.leaf(TenantLeaf.API_SERVER).certificate();

    assertThat(apiServer.getSubjectAlternativeNames())
        .containsExactly(
            List.of(DNS, "acme"),
            List.of(DNS, "acme.tc-tenants-eu-acme"),
            List.of(DNS, "acme.tc-tenants-eu-acme.svc"),
            List.of(DNS, "acme.tc-tenants-eu-acme.svc.cluster.local"),
            List.of(DNS, "kubernetes"),
            List.of(DNS, "kubernetes.default"),
            List.of(DNS, "kubernetes.default.svc"),
            List.of(DNS, "kubernetes.default.svc.cluster.local"),
            List.of(DNS, "localhost"),
            List.of(IP, "127.0.0.1"),
            List.of(IP, "10.96.0.1"));
    assertThat(apiServer.getExtendedKeyUsage()).containsExactly(SERVER_AUTH);
  }

  @Test
  void etcdServesItsPodsAndAuthenticatesToItsPeersWithOneCertificate() throws Exception {
    X509Certificate etcd = PKI.leaf(TenantLeaf.ETCD).certificate();

    assertThat(etcd.getSubjectAlternativeNames())
        .containsExactly(
            List.of(DNS, "localhost"),
            List.of(DNS, "*.acme-headless.tc-tenants-eu-acme.svc"),
            List.of(DNS, "*.acme-headless.tc-tenants-eu-acme.svc.cluster.local"),
            List.of(IP, "127.0.0.1"));
    assertThat(etcd.getExtendedKeyUsage()).containsExactly(SERVER_AUTH, CLIENT_AUTH);
  }

  @Test
  void onlyEtcdAndItsClientChainToTheEtcdCaAndNothingElseDoes() {
    X509Certificate clusterCa = PKI.clusterCa().certificate();
    X509Certificate etcdCa = PKI.etcdCa().certificate();

    assertThat(clusterCa).isNotEqualTo(etcdCa);
    for (TenantLeaf leaf : TenantLeaf.values()) {
      X509Certificate certificate = PKI.leaf(leaf).certificate();
      X509Certificate issuer = leaf.issuedByEtcdCa() ? etcdCa : clusterCa;
      X509Certificate other = leaf.issuedByEtcdCa() ? clusterCa : etcdCa;
      assertThat(chainsTo(certificate, issuer)).as("%s chains to its CA", leaf).isTrue();
      assertThat(chainsTo(certificate, other)).as("%s chains to the other CA", leaf).isFalse();
    }
  }

  @Test
  void theAdminIsATenantAdminNotASystemMaster() throws Exception {
    X509Certificate admin = PKI.leaf(TenantLeaf.ADMIN).certificate();

    assertThat(commonName(admin)).isEqualTo("kubernetes-admin");
    assertThat(organizations(admin)).containsExactly("enclave:tenant-admins");
    assertThat(admin.getExtendedKeyUsage()).containsExactly(CLIENT_AUTH);
  }

  @Test
  void theControlPlaneClientsAreTheUsersKubernetesRbacExpects() {
    X509Certificate controllerManager = PKI.leaf(TenantLeaf.CONTROLLER_MANAGER).certificate();
    X509Certificate scheduler = PKI.leaf(TenantLeaf.SCHEDULER).certificate();
    X509Certificate etcdClient = PKI.leaf(TenantLeaf.API_SERVER_ETCD_CLIENT).certificate();

    assertThat(commonName(controllerManager)).isEqualTo("system:kube-controller-manager");
    assertThat(commonName(scheduler)).isEqualTo("system:kube-scheduler");
    assertThat(commonName(etcdClient)).isEqualTo("kube-apiserver-etcd-client");
    assertThat(organizations(controllerManager)).isEmpty();
    assertThat(organizations(scheduler)).isEmpty();
  }

  @Test
  void clientsInTheControlPlanePodDialLocalhostAndTheOthersTheService() throws Exception {
    for (TenantLeaf leaf : TenantLeaf.values()) {
      if (leaf.hasKubeconfig()) {
        assertThat(PKI.kubeconfig(leaf).toYaml())
            .as(leaf.name())
            .contains("server: \"" + (leaf.inControlPlanePod() ? PKI.localUrl() : PKI.serverUrl()) + "\"");
      }
    }
    assertThat(PKI.leaf(TenantLeaf.API_SERVER).certificate().getSubjectAlternativeNames().toString())
        .contains("localhost");
  }

  @Test
  void theSyncerAndCorednsAreEnclaveUsersWithKubeconfigsForTheTenantApi() {
    X509Certificate syncer = PKI.leaf(TenantLeaf.SYNCER).certificate();
    X509Certificate coredns = PKI.leaf(TenantLeaf.COREDNS).certificate();

    assertThat(commonName(syncer)).isEqualTo("enclave:syncer");
    assertThat(organizations(syncer)).containsExactly("enclave:syncers");
    assertThat(commonName(coredns)).isEqualTo("enclave:coredns");
    assertThat(organizations(coredns)).isEmpty();
    assertThat(PKI.kubeconfig(TenantLeaf.SYNCER).toYaml()).contains("server: \"https://localhost:6443\"");
    assertThat(PKI.kubeconfig(TenantLeaf.COREDNS).toYaml()).contains(PKI.serverUrl());
    assertThat(PKI.secretData(HostNames.corednsKubeconfigSecret(ACME)))
        .containsOnlyKeys("kubeconfig");
  }

  @Test
  void everyLeafIsValidForAYearFromTheClock() {
    for (TenantLeaf leaf : TenantLeaf.values()) {
      X509Certificate certificate = PKI.leaf(leaf).certificate();
      assertThat(certificate.getNotBefore().toInstant())
          .isEqualTo(NOW.minus(Duration.ofMinutes(5)));
      assertThat(certificate.getNotAfter().toInstant()).isEqualTo(NOW.plus(Duration.ofDays(365)));
    }
  }

  @Test
  void thereIsOneSecretPerHostNamesPkiSecretInTheConventionalLayout() {
    Map<String, String> layout =
        PKI.secrets().stream()
            .collect(
                Collectors.toMap(
                    PkiSecret::name,
                    secret -> secret.type() + " " + secret.stringData().keySet(),
                    (a, b) -> a,
                    LinkedHashMap::new));

    assertThat(layout)
        .containsExactly(
            Map.entry(HostNames.caSecret(ACME), "kubernetes.io/tls [ca.crt, tls.crt, tls.key]"),
            Map.entry(HostNames.etcdCaSecret(ACME), "kubernetes.io/tls [ca.crt, tls.crt, tls.key]"),
            Map.entry(
                HostNames.apiServerCertSecret(ACME),
                "kubernetes.io/tls [ca.crt, tls.crt, tls.key]"),
            Map.entry(
                HostNames.etcdCertSecret(ACME), "kubernetes.io/tls [ca.crt, tls.crt, tls.key]"),
            Map.entry(
                HostNames.etcdServerCertSecret(ACME),
                "kubernetes.io/tls [ca.crt, tls.crt, tls.key]"),
            Map.entry(HostNames.controllerManagerKubeconfigSecret(ACME), "Opaque [kubeconfig]"),
            Map.entry(HostNames.schedulerKubeconfigSecret(ACME), "Opaque [kubeconfig]"),
            Map.entry(HostNames.syncerKubeconfigSecret(ACME), "Opaque [kubeconfig]"),
            Map.entry(HostNames.corednsKubeconfigSecret(ACME), "Opaque [kubeconfig]"),
            Map.entry(HostNames.serviceAccountKeySecret(ACME), "Opaque [sa.key, sa.pub]"),
            Map.entry(HostNames.adminKubeconfigSecret(ACME), "Opaque [kubeconfig]"),
            Map.entry(HostNames.bootstrapKubeconfigSecret(ACME), "Opaque [kubeconfig]"));
  }

  @Test
  void onlyTheOperatorsBootstrapCertificateCarriesSystemMasters() {
    for (TenantLeaf leaf : TenantLeaf.values()) {
      String subject = PKI.leaf(leaf).certificate().getSubjectX500Principal().getName();
      if (leaf == TenantLeaf.BOOTSTRAP) {
        assertThat(subject).contains("O=system:masters").contains("CN=enclave:operator-bootstrap");
      } else {
        assertThat(subject).as(leaf.name()).doesNotContain("system:masters");
      }
    }
  }

  @Test
  void theAuthoritySecretsAreExactlyThoseWithoutALeafCertificate() {
    assertThat(TenantPki.authoritySecretNames(ACME))
        .containsExactly(
            HostNames.caSecret(ACME),
            HostNames.etcdCaSecret(ACME),
            HostNames.serviceAccountKeySecret(ACME))
        .isSubsetOf(TenantPki.secretNames(ACME));
  }

  @Test
  void theSecretNamesAreThoseOfTheSecretsInTheirOrder() {
    assertThat(TenantPki.secretNames(ACME))
        .containsExactlyElementsOf(PKI.secrets().stream().map(PkiSecret::name).toList());
  }

  @Test
  void eachTlsSecretCarriesTheCaThatVerifiesItsPeers() {
    Map<String, String> apiServer = PKI.secretData(HostNames.apiServerCertSecret(ACME));
    Map<String, String> etcdClient = PKI.secretData(HostNames.etcdCertSecret(ACME));
    Map<String, String> etcdServer = PKI.secretData(HostNames.etcdServerCertSecret(ACME));

    assertThat(apiServer.get("ca.crt")).isEqualTo(PKI.clusterCa().certificatePem());
    assertThat(etcdClient.get("ca.crt")).isEqualTo(PKI.etcdCa().certificatePem());
    assertThat(etcdServer.get("ca.crt")).isEqualTo(PKI.etcdCa().certificatePem());
  }

  @Test
  void kubeconfigsPointAtTheTenantEndpointAndTrustTheClusterCa() {
    Kubeconfig admin =
        Kubeconfig.parse(PKI.secretData(HostNames.adminKubeconfigSecret(ACME)).get("kubeconfig"));

    assertThat(admin.server()).isEqualTo(HostNames.endpoint(ACME));
    assertThat(admin.certificateAuthority()).isEqualTo(PKI.clusterCa().certificate());
    assertThat(admin.userName()).isEqualTo("kubernetes-admin");
    assertThat(chainsTo(admin.client().certificate(), admin.certificateAuthority())).isTrue();
  }

  @Test
  void thePkiRoundTripsThroughItsSecrets() {
    TenantPki loaded = TenantPki.fromSecrets(ACME, stringData(PKI));

    assertThat(loaded.secrets()).isEqualTo(PKI.secrets());
  }

  @Test
  void theOperatorCanReadBackWhatTheApiServerStoresAsBase64() {
    Map<String, Map<String, String>> fromCluster = new HashMap<>();
    stringData(PKI).forEach((name, data) -> fromCluster.put(name, PkiSecret.decode(base64(data))));

    assertThat(TenantPki.fromSecrets(ACME, fromCluster).secrets()).isEqualTo(PKI.secrets());
  }

  @Test
  void theSameSeedAndClockGiveTheSameSecrets() {
    TenantPki again =
        TenantPki.generate("tenants-eu", "acme", "tc-tenants-eu-acme", CLOCK, seeded(42));

    assertThat(again.secrets()).isEqualTo(PKI.secrets());
  }

  @Test
  void renewalKeepsBothCasAndTheServiceAccountKeysAndReissuesEveryLeaf() {
    TenantPki renewed = PKI.renewLeaves(at(NOW.plus(Duration.ofDays(250))), seeded(7));

    assertThat(renewed.clusterCa().certificatePem()).isEqualTo(PKI.clusterCa().certificatePem());
    assertThat(renewed.etcdCa().certificatePem()).isEqualTo(PKI.etcdCa().certificatePem());
    assertThat(renewed.serviceAccountKeys().privateKeyPem())
        .isEqualTo(PKI.serviceAccountKeys().privateKeyPem());
    for (TenantLeaf leaf : TenantLeaf.values()) {
      X509Certificate before = PKI.leaf(leaf).certificate();
      X509Certificate after = renewed.leaf(leaf).certificate();
      assertThat(after.getSerialNumber())
          .as("%s serial", leaf)
          .isNotEqualTo(before.getSerialNumber());
      assertThat(after.getPublicKey()).as("%s key", leaf).isNotEqualTo(before.getPublicKey());
      assertThat(after.getSubjectX500Principal()).isEqualTo(before.getSubjectX500Principal());
      assertThat(after.getNotAfter().toInstant()).isEqualTo(NOW.plus(Duration.ofDays(250 + 365)));
    }
  }

  @Test
  void leavesNeedRenewalOnceAThirdOfTheirYearIsLeftAndNotAfterRenewal() {
    var later = at(NOW.plus(Duration.ofDays(250)));

    assertThat(PKI.leavesNeedingRenewal(CLOCK)).isEmpty();
    assertThat(PKI.leavesNeedingRenewal(at(NOW.plus(Duration.ofDays(240))))).isEmpty();
    assertThat(PKI.leavesNeedingRenewal(later)).containsExactly(TenantLeaf.values());
    assertThat(PKI.renewLeaves(later, seeded(7)).leavesNeedingRenewal(later)).isEmpty();
  }

  @Test
  void aMissingSecretOrKeyIsNamed() {
    Map<String, Map<String, String>> secrets = stringData(PKI);
    secrets.remove("acme-sa-keys");
    Map<String, Map<String, String>> withoutKey = stringData(PKI);
    withoutKey.get("acme-etcd-tls").remove("tls.key");

    assertThatThrownBy(() -> TenantPki.fromSecrets(ACME, secrets))
        .hasMessage("secret acme-sa-keys: not found");
    assertThatThrownBy(() -> TenantPki.fromSecrets(ACME, withoutKey))
        .hasMessage("secret acme-etcd-tls: missing key tls.key");
  }

  @Test
  void aLeafFromTheWrongCaIsRefusedByName() {
    Map<String, Map<String, String>> secrets = stringData(PKI);
    IssuedCertificate fromClusterCa =
        PKI.clusterCa().issue(LeafProfile.client("kube-apiserver-etcd-client"), CLOCK, seeded(9));
    secrets.get("acme-etcd-tls").put("tls.crt", fromClusterCa.certificatePem());
    secrets.get("acme-etcd-tls").put("tls.key", fromClusterCa.privateKeyPem());

    assertThatThrownBy(() -> TenantPki.fromSecrets(ACME, secrets))
        .hasMessage("secret acme-etcd-tls: tls.crt is not signed by a CA trusted in secret acme-etcd-ca");
  }

  @Test
  void aKeyThatDoesNotMatchItsCertificateIsRefusedWithoutShowingEitherKey() {
    Map<String, Map<String, String>> secrets = stringData(PKI);
    String otherKey = PKI.leaf(TenantLeaf.ETCD).privateKeyPem();
    secrets.get("acme-apiserver-tls").put("tls.key", otherKey);

    assertThatThrownBy(() -> TenantPki.fromSecrets(ACME, secrets))
        .hasMessage(
            "secret acme-apiserver-tls: the private key does not belong to certificate"
                + " CN=kube-apiserver")
        .satisfies(e -> assertThat(e.toString()).doesNotContain("PRIVATE KEY"));
  }

  @Test
  void anUnknownSecretNameIsAnsweredWithTheKnownOnes() {
    assertThatThrownBy(() -> PKI.secretData("acme-front-proxy"))
        .hasMessageStartingWith("no PKI secret named acme-front-proxy; there are [acme-ca, ");
  }

  @Test
  void onlyApiServerClientsHaveKubeconfigs() {
    assertThatThrownBy(() -> PKI.kubeconfig(TenantLeaf.ETCD))
        .hasMessage("ETCD is not a client of the tenant's kube-apiserver");
  }

  @Test
  void nothingPrintableHoldsAPrivateKey() {
    assertThat(PKI.toString())
        .startsWith("TenantPki[tenants-eu/acme in tc-tenants-eu-acme, CertificateAuthority[")
        .doesNotContain("PRIVATE KEY");
    assertThat(PKI.secrets().toString()).doesNotContain("PRIVATE KEY", "LS0t");
    for (TenantLeaf leaf : TenantLeaf.values()) {
      assertThat(PKI.leaf(leaf).toString()).doesNotContain("PRIVATE KEY");
    }
    assertThat(PKI.kubeconfig(TenantLeaf.ADMIN).toString()).doesNotContain("PRIVATE KEY", "LS0t");
  }

  private static Map<String, Map<String, String>> stringData(TenantPki pki) {
    Map<String, Map<String, String>> data = new HashMap<>();
    pki.secrets().forEach(secret -> data.put(secret.name(), new HashMap<>(secret.stringData())));
    return data;
  }

  private static Map<String, String> base64(Map<String, String> text) {
    Map<String, String> data = new HashMap<>();
    text.forEach(
        (key, value) ->
            data.put(
                key, Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8))));
    return data;
  }

  private static TenantCluster tenant(String namespace, String name) {
    TenantCluster tenant = new TenantCluster();
    tenant.setMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(name).build());
    return tenant;
  }
}
