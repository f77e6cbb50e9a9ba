package dev.enclave.operator;

import static dev.enclave.operator.OperatorHarness.servingEu;
import static dev.enclave.operator.OperatorHarness.withResync;
import static org.assertj.core.api.Assertions.assertThat;

import dev.enclave.api.v1alpha1.FieldViolation;
import dev.enclave.api.v1alpha1.TenantCluster;
import dev.enclave.api.v1alpha1.TenantClusterStatus;
import dev.enclave.core.controlplane.HostNames;
import dev.enclave.operator.status.Conditions;
import dev.enclave.operator.tenant.TenantUpgrades;
import dev.enclave.operator.tenant.UpgradeHealthGate;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TenantClusterReconcilerTest {
  private final OperatorHarness harness = new OperatorHarness();

  @AfterEach
  void stop() {
    harness.close();
  }

  @Test
  void whenACompliantTenantIsDeclared_thenItsControlPlaneIsCreatedAndBecomesReady() {
    harness.declare(Fixtures.eu());
    harness.start(servingEu());
    TenantCluster acme = Fixtures.acme();

    harness.declare(acme);
    Poll.until("acme is provisioning", () -> "Provisioning".equals(harness.phaseOf(acme)));
    assertThat(harness.client.namespaces().withName("tc-tenants-eu-acme").get()).isNotNull();
    harness.markControlPlaneReady(acme);
    Poll.until("acme is Ready", () -> "Ready".equals(harness.phaseOf(acme)));

    TenantClusterStatus status = harness.tenant("tenants-eu", "acme").getStatus();
    assertThat(status.getConditions())
        .extracting(c -> c.getType() + "=" + c.getStatus())
        .containsExactly(
            "Compliant=True",
            "DataStoreReady=True",
            "ControlPlaneReady=True",
            "TenantAccessReady=True",
            "PolicyReady=True",
            "BackupHealthy=Unknown",
            "Ready=True");
    assertThat(status.getEndpoint()).isEqualTo("https://acme.tc-tenants-eu-acme.svc:443");
    assertThat(status.getHostNamespace()).isEqualTo("tc-tenants-eu-acme");
    assertThat(status.getKubeconfigSecretRef().getName()).isEqualTo("acme-admin-kubeconfig");
    assertThat(status.getVersion()).isEqualTo("1.37.2");
    assertThat(status.getObservedGeneration()).isEqualTo(1L);
    assertThat(Conditions.isTrue(status.getConditions(), "Ready")).isTrue();
    assertThat(
            harness
                .client
                .secrets()
                .inNamespace(HostNames.hostNamespace(acme))
                .withName(HostNames.adminKubeconfigSecret(acme))
                .get())
        .isNotNull();
  }

  @Test
  void whenTheVersionChanges_thenTheApiServerMovesFirstThenTheOtherComponentsThenTheGate() {
    harness.declare(Fixtures.eu());
    harness.start(servingEu());
    TenantCluster acme = Fixtures.acme();
    harness.provisionReady(acme);
    harness.gate.set(new UpgradeHealthGate.Result(false, "smoke Deployment 0/1 ready"));

    setVersion("1.37.3");
    Poll.until("the pre-upgrade backup fails (the target has no credentials)",
        () -> reason(acme, "Upgraded").equals(TenantUpgrades.PRE_UPGRADE_BACKUP_FAILED));
    assertThat(message(acme, "Upgraded"))
        .contains("the backup before upgrading from 1.37.2 to 1.37.3 failed")
        .contains("credentialsSecretRef is not set")
        .contains(TenantUpgrades.WITHOUT_BACKUP);
    assertThat(images(harness.controlPlane(acme))).noneMatch(image -> image.endsWith("v1.37.3"));
    assertThat(harness.phaseOf(acme)).isEqualTo("Upgrading");

    harness.client.resources(TenantCluster.class).inNamespace("tenants-eu").withName("acme")
        .edit(t -> {
          var annotations = new java.util.HashMap<String, String>();
          if (t.getMetadata().getAnnotations() != null) {
            annotations.putAll(t.getMetadata().getAnnotations());
          }
          annotations.put(TenantUpgrades.WITHOUT_BACKUP, "test: no S3 here");
          t.getMetadata().setAnnotations(annotations);
          return t;
        });
    Poll.until("kube-apiserver renders at 1.37.3 first",
        () -> image(harness.controlPlane(acme), "kube-apiserver").endsWith(":v1.37.3"));
    assertThat(image(harness.controlPlane(acme), "kube-controller-manager")).endsWith(":v1.37.2");
    Poll.until("the skipped backup recorded", () -> {
      var upgrade = harness.tenant("tenants-eu", "acme").getStatus().getUpgrade();
      return upgrade != null && "skipped: test: no S3 here".equals(upgrade.getPreUpgradeBackup());
    });

    harness.markControlPlaneReady(acme);
    Poll.until("kube-controller-manager follows",
        () -> image(harness.controlPlane(acme), "kube-controller-manager").endsWith(":v1.37.3"));
    assertThat(harness.tenant("tenants-eu", "acme").getStatus().getVersion()).isEqualTo("1.37.2");

    harness.markControlPlaneReady(acme);
    Poll.until("the health gate holds the upgrade",
        () -> message(acme, "Upgraded").contains("health gate: smoke Deployment 0/1 ready"));
    assertThat(reason(acme, "Upgraded")).isEqualTo(TenantUpgrades.HEALTH_GATE_PENDING);
    assertThat(harness.tenant("tenants-eu", "acme").getStatus().getVersion()).isEqualTo("1.37.2");

    harness.gate.set(new UpgradeHealthGate.Result(true, "test gate passed"));
    Poll.until("acme runs 1.37.3",
        () -> "1.37.3".equals(harness.tenant("tenants-eu", "acme").getStatus().getVersion()));
    TenantClusterStatus status = harness.tenant("tenants-eu", "acme").getStatus();
    assertThat(status.getPhase()).isEqualTo("Ready");
    assertThat(status.getUpgrade()).isNull();
    assertThat(reason(acme, "Upgraded")).isEqualTo(TenantUpgrades.UPGRADED);
    assertThat(message(acme, "Upgraded")).contains("upgraded from 1.37.2 to 1.37.3");
  }

  @Test
  void whenTheVersionGoesBackOrSkipsAMinor_thenTheUpgradeIsRefusedAndTheControlPlaneKeepsRunning() {
    harness.declare(Fixtures.eu());
    harness.start(servingEu());
    TenantCluster acme = Fixtures.acme();
    harness.provisionReady(acme);

    setVersion("1.36.3");
    Poll.until("the downgrade is refused",
        () -> reason(acme, "Upgraded").equals(TenantUpgrades.UPGRADE_REFUSED));
    assertThat(message(acme, "Upgraded"))
        .isEqualTo("spec.kubernetesVersion: kubernetes version \"1.36.3\" is older than the running"
            + " 1.37.2; a tenant cluster is never downgraded; allowed: 1.37.2 or a later release of 1.37"
            + " or 1.38 (to go back, restore a backup into a new tenant cluster of 1.37); the control"
            + " plane keeps running 1.37.2");
    assertThat(harness.phaseOf(acme)).isEqualTo("Failed");
    assertThat(images(harness.controlPlane(acme))).noneMatch(image -> image.contains("v1.36"));
    assertThat(harness.tenant("tenants-eu", "acme").getStatus().getVersion()).isEqualTo("1.37.2");
  }

  private void setVersion(String version) {
    harness.client.resources(TenantCluster.class).inNamespace("tenants-eu").withName("acme")
        .edit(t -> {
          t.getSpec().setKubernetesVersion(version);
          return t;
        });
  }

  private String reason(TenantCluster tenant, String type) {
    return condition(tenant, type).map(Condition::getReason).orElse("");
  }

  private String message(TenantCluster tenant, String type) {
    return condition(tenant, type).map(Condition::getMessage).orElse("");
  }

  private java.util.Optional<Condition> condition(TenantCluster tenant, String type) {
    TenantCluster current = harness.tenant(tenant.getMetadata().getNamespace(), tenant.getMetadata().getName());
    return current.getStatus() == null
        ? java.util.Optional.empty()
        : Conditions.find(current.getStatus().getConditions(), type);
  }

  private static String image(StatefulSet sts, String container) {
    return sts.getSpec().getTemplate().getSpec().getContainers().stream()
        .filter(c -> c.getName().equals(container))
        .map(Container::getImage)
        .findFirst()
        .orElse("");
  }

  @Test
  void whenSomeoneRemovesTheNodeAffinity_thenTheOperatorPutsItBack() {
    harness.declare(Fixtures.eu());
    harness.start(servingEu());
    TenantCluster acme = Fixtures.acme();
    harness.provisionReady(acme);
    Affinity original = harness.controlPlane(acme).getSpec().getTemplate().getSpec().getAffinity();
    assertThat(original.getNodeAffinity()).isNotNull();

    harness
        .client
        .apps()
        .statefulSets()
        .inNamespace("tc-tenants-eu-acme")
        .withName("acme")
        .edit(
            s -> {
              s.getSpec().getTemplate().getSpec().setAffinity(null);
              return s;
            });

    Poll.until(
        "the node affinity is back",
        () ->
            original.equals(
                harness.controlPlane(acme).getSpec().getTemplate().getSpec().getAffinity()));
  }

  @Test
  void whenAHostObjectIsDeleted_thenItIsRecreated() {
    harness.declare(Fixtures.eu());
    harness.start(servingEu());
    TenantCluster acme = Fixtures.acme();
    harness.provisionReady(acme);

    harness.client.services().inNamespace("tc-tenants-eu-acme").withName("acme").delete();

    Poll.until(
        "the API Service is back",
        () ->
            harness.client.services().inNamespace("tc-tenants-eu-acme").withName("acme").get()
                != null);
  }

  @Test
  void whenTheTenantIsDeleted_thenItsHostNamespaceGoesAndTheFinalizerIsRemoved() {
    harness.declare(Fixtures.eu());
    harness.start(servingEu());
    TenantCluster acme = Fixtures.acme();
    // No final backup: a single embedded etcd cannot be backed up from outside its pod.
    acme.getSpec().getBackup().setFinalBackup(false);
    harness.provisionReady(acme);
    assertThat(harness.tenant("tenants-eu", "acme").getMetadata().getFinalizers())
        .containsExactly(EnclaveOperator.FINALIZER);

    harness
        .client
        .resources(TenantCluster.class)
        .inNamespace("tenants-eu")
        .withName("acme")
        .delete();

    Poll.until("the tenant is gone", () -> harness.tenant("tenants-eu", "acme") == null);
    assertThat(harness.client.namespaces().withName("tc-tenants-eu-acme").get()).isNull();
  }

  @Test
  void whenATenantIsDeletedAndItsFinalBackupCannotBeTaken_thenItStaysWithTheFailureInStatusAndAnEvent() {
    harness.declare(Fixtures.eu());
    harness.start(servingEu());
    TenantCluster acme = Fixtures.acme();
    harness.provisionReady(acme);

    harness.client.resources(TenantCluster.class).inNamespace("tenants-eu").withName("acme").delete();

    Poll.until(
        "the final backup's failure is in status",
        () -> {
          TenantCluster now = harness.tenant("tenants-eu", "acme");
          return now.getStatus().getBackup() != null && now.getStatus().getBackup().getLastFailure() != null;
        });
    TenantCluster kept = harness.tenant("tenants-eu", "acme");
    assertThat(kept.getMetadata().getFinalizers()).containsExactly(EnclaveOperator.FINALIZER);
    assertThat(kept.getStatus().getBackup().getLastFailure())
        .isEqualTo(
            "Jurisdiction eu: spec.backupTargets[0].s3.credentialsSecretRef is not set; allowed: a Secret"
                + " with keys accessKeyId and secretAccessKey");
    assertThat(harness.client.namespaces().withName("tc-tenants-eu-acme").get()).isNotNull();
    assertThat(harness.client.v1().events().inNamespace("tenants-eu").list().getItems())
        .anySatisfy(e -> assertThat(e.getReason()).isEqualTo("FinalBackupFailed"));
  }

  @Test
  void whenATenantAsksForAForeignStorageClass_thenNothingIsCreatedOnTheHost() {
    harness.declare(Fixtures.eu());
    harness.start(servingEu());
    TenantCluster acme = Fixtures.acme();
    acme.getSpec().getDataStore().getEmbedded().setStorageClass("us-standard");

    harness.declare(acme);

    Poll.until("acme has failed", () -> "Failed".equals(harness.phaseOf(acme)));
    TenantClusterStatus status = harness.tenant("tenants-eu", "acme").getStatus();
    Condition compliant = Conditions.find(status.getConditions(), "Compliant").orElseThrow();
    assertThat(compliant.getStatus()).isEqualTo("False");
    assertThat(compliant.getReason()).isEqualTo("ViolationsFound");
    assertThat(compliant.getMessage()).contains("us-standard");
    assertThat(status.getViolations())
        .extracting(FieldViolation::getField)
        .contains("spec.dataStore.embedded.storageClass");
    assertThat(harness.client.namespaces().withName("tc-tenants-eu-acme").get()).isNull();
    assertThat(hostWrites()).isEmpty();
  }

  @Test
  void whenATenantBelongsToAJurisdictionThisHostDoesNotServe_thenTheHostIsLeftUntouched() {
    harness.declare(Fixtures.eu());
    harness.declare(Fixtures.uk());
    harness.start(servingEu());
    TenantCluster london = Fixtures.tenant("tenants-uk", "london");
    london.getSpec().setJurisdiction("uk");
    london.getSpec().getDataStore().getEmbedded().setStorageClass("uk-encrypted");
    london.getSpec().getAudit().setSink("uk-siem");
    london.getSpec().getBackup().setTarget("uk-backups");

    harness.declare(london);

    Poll.until("london is pending", () -> "Pending".equals(harness.phaseOf(london)));
    Condition compliant =
        Conditions.find(
                harness.tenant("tenants-uk", "london").getStatus().getConditions(), "Compliant")
            .orElseThrow();
    assertThat(compliant.getReason()).isEqualTo("JurisdictionNotServed");
    assertThat(compliant.getMessage()).contains("\"uk\"").contains("serves: eu");
    assertThat(hostWrites()).isEmpty();
  }

  @Test
  void whenNothingChanged_thenAResyncWritesNothing() {
    harness.declare(Fixtures.eu());
    harness.start(withResync(servingEu(), Duration.ofMillis(500)));
    TenantCluster acme = Fixtures.acme();
    harness.provisionReady(acme);
    long reconciles = harness.operator.reconciles("tenantcluster");
    Poll.until(
        "a first resync ran", () -> harness.operator.reconciles("tenantcluster") >= reconciles + 1);
    List<String> before = harness.host.writes();

    Poll.until(
        "three more resyncs ran",
        () -> harness.operator.reconciles("tenantcluster") >= reconciles + 4);

    assertThat(harness.host.writes()).isEqualTo(before);
  }

  @Test
  void theKeyMaterialIsCreatedOnce_andNoPrivateKeyReachesTheStatusOrTheLog() {
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    PrintStream stderr = System.err;
    System.setErr(new PrintStream(new TeeOutputStream(stderr, log), true));
    try {
      harness.declare(Fixtures.eu());
      harness.start(servingEu());
      TenantCluster acme = Fixtures.acme();
      harness.provisionReady(acme);
      harness
          .client
          .apps()
          .statefulSets()
          .inNamespace("tc-tenants-eu-acme")
          .withName("acme")
          .edit(
              s -> {
                s.getSpec().getTemplate().getSpec().setAffinity(null);
                return s;
              });
      Poll.until(
          "the drift is repaired",
          () -> harness.controlPlane(acme).getSpec().getTemplate().getSpec().getAffinity() != null);

      List<String> secretWrites =
          harness.host.writes().stream().filter(w -> w.contains("/secrets")).toList();
      // 12 PKI Secrets and the local KMS provider's key file, each created once
      assertThat(secretWrites).hasSize(12 + 1).allMatch(w -> w.startsWith("POST "));
      assertThat(secret("acme-kms-key").getData()).containsOnlyKeys("keys");
      String status = Serialization.asJson(harness.tenant("tenants-eu", "acme").getStatus());
      assertThat(status).doesNotContain("PRIVATE KEY").doesNotContain("BEGIN");
    } finally {
      System.setErr(stderr);
    }
    assertThat(log.toString()).contains("created Secret").doesNotContain("PRIVATE KEY");
  }

  @Test
  void whenLeafCertificatesNearExpiry_thenTheyAreRenewedFromTheSameCa() {
    harness.declare(Fixtures.eu());
    harness.start(withResync(servingEu(), Duration.ofMillis(500)));
    TenantCluster acme = Fixtures.acme();
    harness.provisionReady(acme);
    Secret ca = secret("acme-ca");
    Secret apiServer = secret("acme-apiserver-tls");

    harness.clock.advance(Duration.ofDays(300));

    Poll.until(
        "the API server certificate is renewed",
        () -> !apiServer.getData().equals(secret("acme-apiserver-tls").getData()));
    assertThat(secret("acme-ca").getData()).isEqualTo(ca.getData());
    assertThat(secret("acme-apiserver-tls").getData().get("ca.crt"))
        .isEqualTo(ca.getData().get("tls.crt"));
  }

  private Secret secret(String name) {
    return harness.client.secrets().inNamespace("tc-tenants-eu-acme").withName(name).get();
  }

  /** Writes to anything but the Enclave custom resources themselves. */
  private List<String> hostWrites() {
    return harness.host.writes().stream()
        .filter(w -> !w.contains("/apis/enclave.dev/"))
        .filter(w -> !w.contains("/customresourcedefinitions"))
        .toList();
  }

  private static List<String> images(StatefulSet statefulSet) {
    return statefulSet.getSpec().getTemplate().getSpec().getContainers().stream()
        .map(Container::getImage)
        .toList();
  }
}
