package dev.enclave.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.enclave.testbed.Await;
import dev.enclave.testbed.Command;
import dev.enclave.testbed.Components;
import dev.enclave.testbed.Sockets;
import dev.enclave.testbed.Testbed;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * {@code enclavectl playground} on the example platform, as a user runs it: a separate process
 * with real hosts, real tenant control planes started by its pod runner, and kubectl against a
 * tenant as against any cluster. All four example tenants become Ready: two on their own etcd, one
 * on the shared PostgreSQL (through kine) and one on the shared etcd, both stores run for real.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PlaygroundIT {
  private static final Duration READY = Duration.ofMinutes(10);
  private static Path state;
  private static Path kubeconfig;
  private static Path kubectl;
  private static PlaygroundProcess playground;

  @BeforeAll
  static void start() throws IOException {
    playground = PlaygroundProcess.start(Testbed.directory().resolve("playground"),
        Testbed.directory().resolve("playground.out"), Testbed.repoRoot().resolve("examples/platform").toString());
    state = playground.state();
    kubeconfig = playground.kubeconfig();
    kubectl = playground.kubectlBinary();
    await(
        "the four example tenants Ready in the playground (output: " + playground.output() + ")",
        READY,
        () -> {
          String phases = "jsonpath={range .items[*]}{.metadata.name}={.status.phase}{\"\\n\"}{end}";
          String ready = host("get", "tenantclusters", "-A", "-o", phases).stdout()
              + kubectl("host-uk", "get", "tenantclusters", "-A", "-o", phases).stdout();
          // Ready on both hosts, and ai-lab answering through its Service.
          return ready.contains("acme-bank=Ready") && ready.contains("ai-lab=Ready")
              && ready.contains("insurer-claims=Ready") && ready.contains("council=Ready")
              && Files.exists(kubeconfig) && read(kubeconfig).contains("tenants-eu.ai-lab")
              && tenant("get", "pods", "-n", "kube-system", "--request-timeout=5s").exitCode() == 0;
        });
  }

  @AfterAll
  static void stop() throws InterruptedException {
    if (playground != null) {
      playground.close();
    }
  }

  @Test
  @Order(1)
  void theTenantApiServersAreRealProcessesRunningTheRenderedArgs() {
    List<String> apiServers = commandLines("kube-apiserver");
    String rendered = "--audit-policy-file=/etc/kubernetes/audit/policy.yaml";
    assertThat(apiServers)
        .filteredOn(c -> c.contains(rendered) && c.contains("--encryption-provider-config=/etc/kubernetes/encryption/config.yaml"))
        .as("tenant kube-apiservers started with the rendered flags")
        .hasSizeGreaterThanOrEqualTo(4);
    assertThat(commandLines("etcd")).anyMatch(c -> c.contains("--name=acme-bank-1"));
    assertThat(commandLines("java")).anyMatch(c -> c.contains("dev.enclave.kms.KmsPluginMain"));
    assertThat(commandLines("java")).anyMatch(c -> c.contains("dev.enclave.syncer.SyncerMain"));
  }

  @Test
  @Order(2)
  void everyProcessOfThePlaygroundStaysOnLoopback() {
    List<Long> pids = playground.process().descendants().map(ProcessHandle::pid).toList();
    assertThat(pids).hasSizeGreaterThan(20);
    assertThat(Sockets.offLoopback(new ArrayList<>(pids))).isEmpty();
  }

  @Test
  @Order(3)
  void kubectlShowsTheTenantsDeclaredVersionAndItsApi() {
    assertThat(tenant("version").stdout()).contains("Server Version: v1.37.2");
    assertThat(tenant("api-resources").stdout()).contains("deployments", "replicasets", "pods");
    assertThat(tenant("explain", "deployment.spec.replicas").stdout()).contains("replicas");
    assertThat(tenant("auth", "can-i", "create", "deployments").stdout().trim()).isEqualTo("yes");
  }

  @Test
  @Order(4)
  void aDeploymentRunsOnNodesOfItsJurisdictionOnly() {
    tenant("create", "deployment", "web", "--image=registry.eu.example.com/web:1", "--replicas=3").requireSuccess();
    await("3 web pods Running in ai-lab", Duration.ofSeconds(60),
        () -> tenant("get", "pods", "-l", "app=web", "-o", "jsonpath={range .items[*]}{.status.phase} {end}")
            .stdout().trim().equals("Running Running Running"));
    String nodes = tenant("get", "pods", "-l", "app=web", "-o", "wide", "--no-headers").stdout();
    assertThat(nodes.lines()).hasSize(3).allMatch(l -> l.matches(".*\\beu-node-\\d\\b.*"));
    tenant("rollout", "status", "deployment/web", "--timeout=60s").requireSuccess();
    tenant("scale", "deployment/web", "--replicas=1").requireSuccess();
    await("web scaled to 1", Duration.ofSeconds(60),
        () -> tenant("get", "pods", "-l", "app=web", "--no-headers").stdout().lines().count() == 1);
    String hostPods = host("get", "pods", "-n", "tc-tenants-eu-ai-lab", "-o", "wide", "--no-headers").stdout();
    assertThat(hostPods.lines().filter(l -> l.startsWith("web-")))
        .isNotEmpty()
        .allMatch(l -> l.matches(".*\\beu-node-\\d\\b.*"));
  }

  @Test
  @Order(5)
  void serverSideApplyWatchAndDeleteWorkAsOnAnyCluster() throws IOException {
    Path manifest = Files.writeString(Testbed.directory().resolve("playground-cm.yaml"),
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: default\ndata:\n  a: \"1\"\n");
    assertThat(tenant("apply", "--server-side", "--field-manager=it", "-f", manifest.toString()).stdout())
        .contains("serverside-applied");
    assertThat(tenant("get", "configmap", "settings", "-w", "--request-timeout=3s").stdout()).contains("settings");
    tenant("delete", "configmap", "settings").requireSuccess();
    assertThat(tenant("get", "configmap", "settings").stderr()).contains("NotFound");
  }

  @Test
  @Order(6)
  void logsAndExecSayThatKwokNodesRunNoContainers() {
    String pod = tenant("get", "pods", "-l", "app=web", "-o", "jsonpath={.items[0].metadata.name}").stdout().trim();
    Command.Result logs = tenant("logs", pod);
    assertThat(logs.stdout() + logs.stderr()).contains("KWOK stands in for the kubelet, no container runs");
  }

  @Test
  @Order(7)
  void secretsAreKmsEncryptedInTheTenantsEtcd() throws IOException {
    tenant("create", "secret", "generic", "db", "--from-literal=password=s3cr3t").requireSuccess();
    assertThat(tenant("get", "secret", "db", "-o", "jsonpath={.data.password}").stdout()).isEqualTo("czNjcjN0");
    Path pod = state.resolve("eu/runner/pods/tc-tenants-eu-ai-lab/ai-lab-0");
    String address = read(pod.resolve("etc/hosts")).lines().filter(l -> l.endsWith(" localhost")).findFirst().orElseThrow().split(" ")[0];
    Command.Result stored =
        Command.run(
            Components.fromEnvironment().tool("etcdctl"),
            List.of("--endpoints=https://" + address + ":2379", "--insecure-skip-tls-verify",
                "--cacert=" + pod.resolve("volumes/etcd-ca/ca.crt"),
                "--cert=" + pod.resolve("volumes/etcd-client-tls/tls.crt"),
                "--key=" + pod.resolve("volumes/etcd-client-tls/tls.key"),
                "get", "/registry/secrets/default/db", "--write-out=json"),
            Map.of(), Duration.ofSeconds(30));
    stored.requireSuccess();
    String value =
        new String(
            java.util.Base64.getDecoder().decode(
                new com.fasterxml.jackson.databind.ObjectMapper().readTree(stored.stdout()).path("kvs").path(0).path("value").asText()),
            StandardCharsets.ISO_8859_1);
    assertThat(value).startsWith("k8s:enc:kms:v2:enclave-eu:").doesNotContain("s3cr3t");
  }

  @Test
  @Order(9)
  void theSharedStoresHoldEachTenantApartAndKubectlWorksOnThem() {
    assertThat(kubectl("tenants-eu.insurer-claims", "create", "configmap", "claims", "--from-literal=a=1").exitCode()).isZero();
    assertThat(kubectl("tenants-uk.council", "create", "configmap", "minutes", "--from-literal=a=1").exitCode()).isZero();
    Path store = state.resolve("uk/stores/uk-etcd-1");
    String address = read(state.resolve("hosts")).lines().filter(l -> l.endsWith(" etcd-0.uk.example.com"))
        .findFirst().orElseThrow().split(" ")[0];
    Command.Result keys =
        Command.run(
            Components.fromEnvironment().tool("etcdctl"),
            List.of("--endpoints=https://" + address + ":2379", "--cacert=" + store.resolve("pki/ca.crt"),
                "--cert=" + store.resolve("pki/root.crt"), "--key=" + store.resolve("pki/root.key"),
                "get", "--prefix", "--keys-only", "/"),
            Map.of(), Duration.ofSeconds(30));
    keys.requireSuccess();
    List<String> all = keys.stdout().lines().filter(l -> !l.isBlank()).toList();
    assertThat(all).contains("/enclave/tenants-uk/council/configmaps/default/minutes");
    assertThat(all).allMatch(k -> k.startsWith("/enclave/tenants-uk/council/"));
  }

  @Test
  @Order(8)
  void theTenantApiServersAuditEventsReachTheJurisdictionsSink() {
    Path dir = state.resolve("audit/eu/tenants-eu/ai-lab");
    await("audit events of ai-lab in " + dir, Duration.ofSeconds(60), () -> {
      try (Stream<Path> files = Files.list(dir)) {
        return files.anyMatch(f -> read(f).contains("\"auditID\"") && read(f).contains("\"resource\":\"deployments\""));
      } catch (IOException e) {
        return false;
      }
    });
  }

  /** Polls {@code condition} once a second (each poll runs kubectl), showing the playground's output on failure. */
  @Test
  @Order(10)
  void theKmsPluginStartsFirstSoTheApiServerNeverWaitsForItsSocket() {
    String statuses =
        host("get", "pod", "-n", "tc-tenants-eu-ai-lab", "ai-lab-0", "-o",
            "jsonpath={range .status.initContainerStatuses[*]}{.name}={.started}{\"\\n\"}{end}").stdout();
    assertThat(statuses.trim()).isEqualTo("kms-plugin=true");
    Path apiServerLog = state.resolve("eu/runner/pods/tc-tenants-eu-ai-lab/ai-lab-0/kube-apiserver.log");
    assertThat(read(apiServerLog))
        .as(apiServerLog.toString())
        .contains("Serving securely")
        .doesNotContain("failed to create connection to unix socket");
  }

  @Test
  @Order(11)
  void theRunnerWritesAPodStatusOnlyWhenItChanges() throws InterruptedException {
    double before = podStatusWrites();
    Thread.sleep(10_000);
    double written = podStatusWrites() - before;
    // A handful of control-plane pods, all settled: at most a few transitions in 10 s, where
    // rewriting every status on every tick of the runner would be hundreds.
    assertThat(written).as("pod status writes in 10 s on host-eu").isLessThan(20);
  }

  @Test
  @Order(12)
  void aPodFromAForeignRegistryIsRefusedByTheTenantsOwnApiServerWithThePolicysMessage() {
    Command.Result refused =
        kubectl("tenants-eu.acme-bank", "run", "foreign", "--image=docker.io/library/nginx:1",
            "--annotations=enclave.dev/sbom=registry.eu.example.com/sboms/nginx@sha256:" + "0".repeat(64));
    assertThat(refused.exitCode()).isNotZero();
    assertThat(refused.stderr())
        .contains("pods \"foreign\" is forbidden: ValidatingAdmissionPolicy 'enclave-image-provenance' with"
            + " binding 'enclave-image-provenance' denied request: spec.containers[0].image: image"
            + " \"docker.io/library/nginx:1\" is not from a registry of jurisdiction \"eu\"; allowed:"
            + " registry.eu.example.com");
    assertThat(host("get", "tenantcluster", "-n", "tenants-eu", "acme-bank", "-o",
            "jsonpath={.status.conditions[?(@.type==\"PolicyReady\")].reason}").stdout())
        .isEqualTo("PoliciesInstalled");
  }

  @Test
  @Order(13)
  void anAccessGrantsKubeconfigWorksForItsRole_andIsRefusedOnceItExpires() throws IOException {
    // The example's break-glass grant: view on acme-bank for two hours.
    String incident = "grant.tenants-eu.incident-4711";
    await("incident-4711 Active, its context in the kubeconfig", Duration.ofSeconds(90),
        () -> "Active".equals(grantPhase("incident-4711")) && read(kubeconfig).contains(incident));
    assertThat(kubectl(incident, "auth", "can-i", "list", "pods", "-A").stdout().trim()).isEqualTo("yes");
    assertThat(kubectl(incident, "auth", "can-i", "create", "pods").stdout().trim()).isEqualTo("no");
    assertThat(kubectl(incident, "auth", "can-i", "get", "secrets").stdout().trim()).isEqualTo("no");
    assertThat(kubectl(incident, "auth", "whoami", "-o", "jsonpath={.status.userInfo.username}").stdout())
        .isEqualTo("enclave-grant:tenants-eu:incident-4711");

    Path grant = Files.writeString(Testbed.directory().resolve("playground-grant.yaml"), """
        apiVersion: enclave.dev/v1alpha1
        kind: AccessGrant
        metadata: {name: short-look, namespace: tenants-eu}
        spec:
          tenantCluster: acme-bank
          group: eu-platform-oncall
          role: view
          duration: 45s
          justification: "PlaygroundIT: a grant that expires while the test watches"
        """);
    host("apply", "-f", grant.toString()).requireSuccess();
    String shortLook = "grant.tenants-eu.short-look";
    await("short-look Active, its context in the kubeconfig", Duration.ofSeconds(60),
        () -> "Active".equals(grantPhase("short-look")) && read(kubeconfig).contains(shortLook));
    // Kept as a user keeps a delivered kubeconfig: the playground's own file drops the context.
    Path saved = Testbed.directory().resolve("short-look.kubeconfig");
    Files.writeString(saved, kubectl(shortLook, "config", "view", "--minify", "--flatten",
        "--context=" + shortLook).requireSuccess().stdout());
    Command.Result before = Command.run(kubectl, List.of("--kubeconfig=" + saved, "get", "pods", "-A"),
        Map.of(), Duration.ofSeconds(30));
    assertThat(before.exitCode()).as(before.stderr()).isZero();

    await("short-look Expired", Duration.ofSeconds(90), () -> "Expired".equals(grantPhase("short-look")));
    Command.Result after = Command.run(kubectl, List.of("--kubeconfig=" + saved, "get", "pods", "-A"),
        Map.of(), Duration.ofSeconds(30));
    assertThat(after.exitCode()).isNotZero();
    assertThat(after.stderr()).containsAnyOf("Unauthorized", "forbidden");
    assertThat(kubectl("tenants-eu.acme-bank", "get", "clusterrolebinding", "enclave:grant:short-look").stderr())
        .as("the grant's binding removed at expiry").contains("NotFound");
    host("delete", "-f", grant.toString()).requireSuccess();
  }

  private static String grantPhase(String name) {
    return host("get", "accessgrant", "-n", "tenants-eu", name, "-o", "jsonpath={.status.phase}").stdout().trim();
  }

  @Test
  @Order(20)
  void aTenantOn136IsUpgradedTo137WithItsDeploymentStillRunning() throws IOException {
    String claims = "tenants-eu.insurer-claims";
    assertThat(kubectl(claims, "version").stdout()).contains("Server Version: v1.36.3");
    // insurer-claims declares podSecurity: restricted, which the syncer enforces.
    Path manifest = Files.writeString(Testbed.directory().resolve("playground-claims.yaml"), """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: claims, namespace: default}
        spec:
          replicas: 2
          selector: {matchLabels: {app: claims}}
          template:
            metadata: {labels: {app: claims}}
            spec:
              securityContext: {runAsNonRoot: true, runAsUser: 65532, seccompProfile: {type: RuntimeDefault}}
              containers:
                - name: claims
                  image: registry.eu.example.com/claims:1
                  securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}
        """);
    kubectl(claims, "apply", "-f", manifest.toString()).requireSuccess();
    String uids = "jsonpath={range .items[*]}{.metadata.uid}={.status.phase} {end}";
    Await.until("2 claims pods Running on 1.36.3", Duration.ofSeconds(180), Duration.ofSeconds(2),
        () -> kubectl(claims, "get", "pods", "-l", "app=claims", "-o", uids).stdout().trim()
            .matches("\\S+=Running \\S+=Running"),
        () -> kubectl(claims, "get", "deploy,rs,pods", "-o", "wide").stdout()
            + kubectl(claims, "get", "events", "-A").stdout()
            + host("get", "pods", "-n", "tc-tenants-eu-insurer-claims", "-o", "wide").stdout());
    String before = kubectl(claims, "get", "pods", "-l", "app=claims", "-o", uids).stdout().trim();

    java.io.StringWriter out = new java.io.StringWriter();
    int exit = new picocli.CommandLine(new EnclaveCtl())
        .setOut(new java.io.PrintWriter(out, true))
        .setErr(new java.io.PrintWriter(out, true))
        .execute("upgrade", "apply", "--jurisdiction=eu", "--to=1.37.2", "--timeout=10m",
            "--without-backup=playground: no backup target", "--kubeconfig=" + kubeconfig, "--context=host-eu");

    assertThat(exit).as("enclavectl upgrade apply:%n%s", out).isZero();
    assertThat(out.toString())
        .contains("tenants-eu/acme-bank: current", "tenants-eu/insurer-claims: upgrade (1.36.3 -> 1.37.2)",
            "UpgradingApiServer", "UpgradingComponents", "HealthGatePending",
            "every tenant cluster of eu runs 1.37.2");
    assertThat(kubectl(claims, "version").stdout()).contains("Server Version: v1.37.2");
    assertThat(kubectl(claims, "get", "pods", "-l", "app=claims", "-o", uids).stdout().trim())
        .as("the same pods, still Running")
        .isEqualTo(before);
    assertThat(kubectl(claims, "get", "deployment", "claims", "-o", "jsonpath={.status.readyReplicas}").stdout())
        .isEqualTo("2");
    String status = host("get", "tenantcluster", "-n", "tenants-eu", "insurer-claims", "-o",
        "jsonpath={.status.version} {.status.conditions[?(@.type==\"Upgraded\")].message}").stdout();
    assertThat(status)
        .startsWith("1.37.2 upgraded from 1.36.3 to 1.37.2")
        .contains("pre-upgrade backup: skipped: playground: no backup target");
    await("the health gate's smoke Deployment removed once the upgrade is recorded", Duration.ofSeconds(60),
        () -> kubectl(claims, "get", "deployment", "-n", "kube-system", "enclave-upgrade-smoke").stderr()
            .contains("NotFound"));
  }

  @Test
  @Order(21)
  void aTenantsClusterCaIsRotatedWhileKubectlKeepsWorking() throws IOException {
    String bank = "tenants-eu.acme-bank";
    assertThat(host("get", "statefulset", "-n", "tc-tenants-eu-acme-bank", "acme-bank",
        "-o", "jsonpath={.spec.replicas}").stdout()).as("acme-bank's control-plane replicas").isEqualTo("3");
    // Kept as a user keeps a kubeconfig handed out before the rotation.
    Path held = Testbed.directory().resolve("acme-bank-before-rotation.kubeconfig");
    Files.writeString(held, kubectl(bank, "config", "view", "--minify", "--flatten", "--context=" + bank)
        .requireSuccess().stdout());
    String caBefore = host("get", "secret", "-n", "tc-tenants-eu-acme-bank", "acme-bank-ca",
        "-o", "jsonpath={.data.tls\\.crt}").stdout();

    host("annotate", "tenantcluster", "-n", "tenants-eu", "acme-bank",
        "enclave.dev/rotate-ca=PlaygroundIT-1", "enclave.dev/rotate-ca-overlap=20s").requireSuccess();

    List<String> failures = new ArrayList<>();
    List<String> steps = new ArrayList<>();
    int calls = 0;
    java.time.Instant deadline = java.time.Instant.now().plus(Duration.ofMinutes(12));
    String completed = "";
    while (completed.isEmpty() && java.time.Instant.now().isBefore(deadline)) {
      Command.Result get = kubectl(bank, "get", "namespaces", "-o", "name");
      calls++;
      if (get.exitCode() != 0 || !get.stdout().contains("namespace/default")) {
        failures.add(java.time.Instant.now() + ": " + get.stderr().strip());
      }
      String rotation = host("get", "tenantcluster", "-n", "tenants-eu", "acme-bank", "-o",
          "jsonpath={.status.caRotation.step} {.status.caRotation.completedAt}").stdout().trim();
      String step = rotation.split(" ")[0];
      if (!step.isEmpty() && (steps.isEmpty() || !steps.get(steps.size() - 1).equals(step))) {
        steps.add(step);
      }
      completed = rotation.contains(" ") ? rotation.substring(rotation.indexOf(' ') + 1) : "";
    }
    assertThat(completed).as("the rotation completes within 12 minutes; steps seen %s; %s", steps, tail())
        .isNotEmpty();
    assertThat(steps).as("the steps, in order").containsSubsequence("TrustNew", "SignWithNew", "DropOld");
    // The CA's trust holds throughout: no call fails on TLS, authentication or a closed connection.
    // A replica just restarted may answer Forbidden for a moment (its RBAC authorizer still
    // filling its cache); that is the restart's, not the rotation's, and is counted apart.
    List<String> forbidden = failures.stream().filter(f -> f.contains("(Forbidden)")).toList();
    System.out.printf("CA rotation: %d kubectl calls, %d Forbidden from a restarted replica: %s%n",
        calls, forbidden.size(), forbidden);
    assertThat(failures).as("kubectl through the rotation (%d calls)", calls).containsExactlyElementsOf(forbidden);
    assertThat(forbidden.size()).as("Forbidden answers, %d calls", calls).isLessThanOrEqualTo(calls / 10);

    assertThat(host("get", "secret", "-n", "tc-tenants-eu-acme-bank", "acme-bank-ca",
        "-o", "jsonpath={.data.tls\\.crt}").stdout()).as("the CA changed").isNotEqualTo(caBefore);
    String condition = host("get", "tenantcluster", "-n", "tenants-eu", "acme-bank", "-o",
        "jsonpath={.status.conditions[?(@.type==\"CaRotated\")].message}").stdout();
    assertThat(condition).contains("cluster CA rotated for \"PlaygroundIT-1\"", "replaced by");
    await("the playground's kubeconfig works with the new CA alone", Duration.ofSeconds(30),
        () -> kubectl(bank, "get", "namespaces").exitCode() == 0);
    Command.Result old = Command.run(kubectl, List.of("--kubeconfig=" + held, "get", "namespaces"),
        Map.of(), Duration.ofSeconds(30));
    assertThat(old.exitCode()).as("a kubeconfig of the old CA, after the rotation").isNotZero();
    assertThat(old.stderr()).containsAnyOf("certificate signed by unknown authority", "Unauthorized");
  }

  /** The host API server's count of pod status patches, from its metrics. */
  private static double podStatusWrites() {
    return host("get", "--raw", "/metrics").stdout().lines()
        .filter(l -> l.startsWith("apiserver_request_total{") && l.contains("resource=\"pods\"")
            && l.contains("subresource=\"status\"") && l.contains("verb=\"PATCH\""))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .sum();
  }

  private static void await(String what, Duration limit, java.util.function.BooleanSupplier condition) {
    playground.await(what, limit, condition);
  }

  private static Command.Result tenant(String... args) {
    return kubectl("tenants-eu.ai-lab", args);
  }

  private static Command.Result host(String... args) {
    return kubectl("host-eu", args);
  }

  private static Command.Result kubectl(String context, String... args) {
    return playground.kubectl(context, args);
  }

  /**
   * Command lines of the playground's descendants whose program is named {@code name}, read from
   * /proc (ProcessHandle.Info truncates long ones, such as a Java classpath).
   */
  private static List<String> commandLines(String name) {
    return playground.process().descendants()
        .map(p -> read(Path.of("/proc", Long.toString(p.pid()), "cmdline")).replace('\0', ' ').trim())
        .filter(c -> !c.isEmpty() && Path.of(c.split(" ")[0]).getFileName().toString().equals(name))
        .toList();
  }

  private static String read(Path file) {
    return PlaygroundProcess.read(file);
  }

  private static String tail() {
    return playground.tail();
  }
}
