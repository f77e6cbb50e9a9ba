package dev.enclave.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.enclave.testbed.Command;
import dev.enclave.testbed.Testbed;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * {@code enclavectl migrate} between two real hosts of one jurisdiction: a playground process with
 * {@code --spare-host eu} (host-eu and host-eu-2, each with the chart, its own operator and pod
 * runner, both reaching the same shared etcd), a tenant on that etcd Ready on host-eu with a
 * ConfigMap in it, moved by {@code enclavectl migrate} run as its own process, as a user runs it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MigrateIT {
  private static final Duration READY = Duration.ofMinutes(5);
  private static final String TENANT = "tenants-eu/claims";
  private static Path backups;
  private static Path platform;
  private static PlaygroundProcess playground;

  @BeforeAll
  static void start() throws IOException {
    Path dir = Testbed.directory().resolve("migrate");
    backups = dir.resolve("backups");
    platform = dir.resolve("platform");
    Files.createDirectories(platform);
    Files.createDirectories(backups);
    String jurisdiction =
        Files.readString(Testbed.examplePlatform().resolve("eu/jurisdiction.yaml"))
            .replaceFirst("(?s)  backupTargets:.*?(  registries:)",
                "  backupTargets:\n    - name: eu-files\n      path: " + backups + "\n$1");
    Files.writeString(platform.resolve("jurisdiction.yaml"), jurisdiction);
    Files.writeString(platform.resolve("platform.yaml"), """
        apiVersion: v1
        kind: Namespace
        metadata:
          name: tenants-eu
        ---
        apiVersion: enclave.dev/v1alpha1
        kind: DataStore
        metadata:
          name: eu-etcd-1
        spec:
          jurisdiction: eu
          driver: etcd
          endpoints: [etcd-0.eu.example.com:2379]
          credentialsSecretRef: {name: eu-etcd-1-client, namespace: enclave-system}
        ---
        apiVersion: enclave.dev/v1alpha1
        kind: TenantCluster
        metadata:
          name: claims
          namespace: tenants-eu
        spec:
          jurisdiction: eu
          kubernetesVersion: "1.37.2"
          controlPlane: {replicas: 1}
          dataStore: {ref: eu-etcd-1}
          audit: {sink: eu-siem}
          backup: {target: eu-files, final: false}
          isolation: {podSecurity: restricted}
          policy: {bundles: [residency]}
        """);
    playground = PlaygroundProcess.start(dir.resolve("state"), dir.resolve("playground.out"),
        "--nodes=1", "--spare-host=eu", platform.toString());
    playground.await("claims Ready on host-eu, its API answering", READY,
        () -> phase("host-eu").equals("Ready")
            && PlaygroundProcess.read(playground.kubeconfig()).contains("tenants-eu.claims")
            && kubectl("tenants-eu.claims", "get", "ns", "default", "--request-timeout=5s").exitCode() == 0);
  }

  @AfterAll
  static void stop() throws InterruptedException {
    if (playground != null) {
      playground.close();
    }
  }

  @Test
  @Order(1)
  void aTenantMovesToTheOtherHostWithItsObjects_andNothingOfItIsLeftOnTheSource() {
    kubectl("tenants-eu.claims", "create", "configmap", "ledger", "--from-literal=entries=4711").requireSuccess();
    String before = kubectl("host-eu", "get", "tenantcluster", "-n", "tenants-eu", "claims",
        "-o", "jsonpath={.metadata.uid}").stdout();

    Command.Result moved = enclavectl("migrate", TENANT, "--kubeconfig=" + playground.kubeconfig(), "--context=host-eu",
        "--to-context=host-eu-2", "--timeout=4m");

    assertThat(moved.exitCode()).as(moved.stdout() + moved.stderr() + playground.tail()).isZero();
    assertThat(moved.stdout())
        .contains("migrate tenants-eu/claims: stopping the control plane on host-eu")
        .containsPattern("backup \\S+ taken and verified")
        .contains("Ready on host-eu-2; removing it from host-eu")
        .contains("moved to host-eu-2; nothing of it is left on host-eu");
    assertThat(phase("host-eu-2")).isEqualTo("Ready");
    // Same CA and admin certificate: the tenant's kubeconfig works against the new host's
    // control plane, on the same store, and serves what the tenant wrote before the move.
    playground.await("the tenant's kubeconfig answering from host-eu-2", Duration.ofSeconds(60),
        () -> kubectl("tenants-eu.claims", "get", "configmap", "ledger", "-o", "jsonpath={.data.entries}",
            "--request-timeout=5s").stdout().equals("4711"));
    assertThat(kubectl("host-eu", "get", "tenantclusters", "-A", "-o", "name").stdout()).isBlank();
    assertThat(kubectl("host-eu", "get", "namespace", "tc-tenants-eu-claims").stderr()).contains("NotFound");
    assertThat(kubectl("host-eu", "get", "secrets", "-n", "enclave-system", "-o", "name").stdout())
        .doesNotContain("backup-key-");
    assertThat(kubectl("host-eu-2", "get", "secret", "-n", "enclave-system", "backup-key-" + before, "-o", "name")
        .stdout()).contains("backup-key-" + before);
    String record = kubectl("host-eu-2", "get", "tenantcluster", "-n", "tenants-eu", "claims", "-o",
        "jsonpath={.metadata.annotations.enclave\\.dev/migrated-from}").stdout();
    assertThat(record).contains("\"host\":\"host-eu\"", "\"uid\":\"" + before + "\"", "\"sourceObjectsLeft\":0");
    assertThat(kubectl("host-eu-2", "get", "tenantcluster", "-n", "tenants-eu", "claims", "-o",
        "jsonpath={.metadata.annotations.enclave\\.dev/backup-uid}").stdout()).isEqualTo(before);
    // Its backups are one series: the backup taken for the move reads back on the new host.
    Command.Result listed = enclavectl("backup", "list", TENANT, "--kubeconfig=" + playground.kubeconfig(), "--context=host-eu-2");
    assertThat(listed.exitCode()).as(listed.stderr()).isZero();
    Matcher id = Pattern.compile("backup (\\S+) taken and verified").matcher(moved.stdout());
    assertThat(id.find()).isTrue();
    assertThat(listed.stdout()).contains(id.group(1));
  }

  @Test
  @Order(2)
  void theEvidenceReportOfTheNewHostShowsWhereTheTenantCameFromAndThatNothingWasLeft() throws IOException {
    Path out = Testbed.directory().resolve("migrate").resolve("report");
    Command.Result report = enclavectl("report", platform.toString(), "--out=" + out, "--kubeconfig=" + playground.kubeconfig(),
        "--context=host-eu-2");
    assertThat(report.exitCode()).as(report.stdout() + report.stderr()).isIn(0, 1); // 1: controls that fail
    String evidence = Files.readString(out.resolve("evidence.json"));
    assertThat(evidence).contains("\"migrations\"", "\"tenantName\" : \"claims\"", "\"fromHost\" : \"host-eu\"",
        "\"sourceObjectsLeft\" : 0");
    assertThat(Files.readString(out.resolve("index.html")))
        .contains("TenantCluster tenants-eu/claims was moved here from host host-eu (");
  }

  @Test
  @Order(3)
  void aMoveToAHostWhoseJurisdictionIsDeclaredOtherwiseIsRefusedAndWritesNothing() {
    kubectl("host-eu", "patch", "jurisdiction", "eu", "--type=merge", "-p",
        "{\"spec\":{\"displayName\":\"Somewhere else\"}}").requireSuccess();

    Command.Result refused = enclavectl("migrate", TENANT, "--kubeconfig=" + playground.kubeconfig(), "--context=host-eu-2",
        "--to-context=host-eu");

    assertThat(refused.exitCode()).isEqualTo(1);
    assertThat(refused.stderr()).contains(
        "enclavectl: migrate tenants-eu/claims: TenantCluster tenants-eu/claims: spec.jurisdiction: Jurisdiction eu"
            + " on host-eu is declared otherwise (spec.displayName); a tenant moves only between hosts of its own"
            + " jurisdiction, declared alike: to move it to another jurisdiction, re-declare the TenantCluster in Git");
    assertThat(phase("host-eu-2")).isEqualTo("Ready");
    assertThat(kubectl("host-eu-2", "get", "tenantcluster", "-n", "tenants-eu", "claims", "-o",
        "jsonpath={.metadata.annotations.enclave\\.dev/migrate-to}").stdout()).isBlank();
    assertThat(kubectl("host-eu", "get", "tenantclusters", "-A", "-o", "name").stdout()).isBlank();
  }

  @Test
  @Order(4)
  void aTenantThatDoesNotExistIsAUsageError() {
    Command.Result unknown = enclavectl("migrate", "tenants-eu/nobody", "--kubeconfig=" + playground.kubeconfig(),
        "--context=host-eu", "--to-context=host-eu-2");
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.stderr()).contains("TenantCluster tenants-eu/nobody does not exist on host-eu");
  }

  private static String phase(String host) {
    return kubectl(host, "get", "tenantcluster", "-n", "tenants-eu", "claims", "-o", "jsonpath={.status.phase}")
        .stdout().trim();
  }

  private static Command.Result enclavectl(String... args) {
    return playground.enclavectl(Duration.ofMinutes(6), args);
  }

  private static Command.Result kubectl(String context, String... args) {
    return playground.kubectl(context, args);
  }
}
