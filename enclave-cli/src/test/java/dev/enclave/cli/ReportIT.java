package dev.enclave.cli;

import static dev.enclave.cli.EnclaveCtlTest.enclavectl;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.enclave.api.v1alpha1.TenantCluster;
import dev.enclave.core.controlplane.HostNames;
import dev.enclave.core.model.Declared;
import dev.enclave.testbed.Testbed;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * enclavectl report against a real host: the example platform applied, the real operator creating
 * the control planes, the real scheduler placing their pods on KWOK nodes of each jurisdiction.
 */
class ReportIT {
  private static final String JURISDICTION_LABEL = "enclave.dev/jurisdiction";
  private static final Path OUT = Testbed.directory().resolveSibling("report-it");
  private static ExamplePlatformOnTestbed platform;

  @BeforeAll
  static void theExamplePlatformRunsOnTheTestbedHost() {
    platform = ExamplePlatformOnTestbed.start();
  }

  @AfterAll
  static void stopTheOperator() {
    if (platform != null) {
      platform.close();
    }
  }

  @Test
  void theReportRecordsEveryControlPlanePodOnANodeOfItsTenantsJurisdictionAsObserved()
      throws IOException {
    Path out = OUT.resolve("admin");
    EnclaveCtlTest.Run run = report(out, platform.host.apiServer().adminKubeconfig());

    JsonNode json = evidence(out);
    assertThat(ReportCommandTest.validate(json)).isEmpty();
    assertThat(run.err()).doesNotContain("\tat ");
    assertThat(json.at("/observation/gaps")).isEmpty();
    assertThat(json.at("/summary/observed").asBoolean()).isTrue();
    try (KubernetesClient admin = platform.host.adminClient()) {
      for (Declared<TenantCluster> declared : platform.platform.tenantClusters()) {
        TenantCluster tenant = declared.object();
        String jurisdiction = tenant.getSpec().getJurisdiction();
        JsonNode observed = tenant(json, jurisdiction, declared.name()).get("observed");
        assertThat(observed.get("hostNamespace").asText())
            .isEqualTo(HostNames.hostNamespace(tenant));
        List<Pod> live = ExamplePlatformOnTestbed.controlPlanePods(admin, tenant);
        assertThat(live).hasSize(tenant.getSpec().getControlPlane().getReplicas());
        for (Pod pod : live) {
          JsonNode seen = pod(observed, pod.getMetadata().getName());
          assertThat(seen.get("nodeName").asText())
              .as("node of %s", pod.getMetadata().getName())
              .isEqualTo(pod.getSpec().getNodeName())
              .startsWith(jurisdiction + "-node-");
          assertThat(seen.at("/nodeLabels/" + JURISDICTION_LABEL.replace("/", "~1")).asText())
              .isEqualTo(jurisdiction);
          assertThat(seen.get("nodeJurisdiction").asText()).isEqualTo(jurisdiction);
          assertThat(seen.get("inJurisdiction").asBoolean()).isTrue();
          assertThat(seen.get("phase").asText()).isEqualTo("Running");
        }
        assertThat(observed.get("pods"))
            .allSatisfy(p -> assertThat(p.get("inJurisdiction").asBoolean()).isTrue());
      }
    }
    assertThat(json.get("drift")).isEmpty();
    assertThat(json.get("violations")).isEmpty();
    // No backup records a success in status yet (docs/observations.md), so once observed DORA's
    // Art. 12 control fails for each EU tenant, and only that control: the report exits 1.
    assertThat(failingControls(json)).containsExactly("eu/DORA-12");
    assertThat(control(json, "eu", "DORA-12").get("evidence"))
        .extracting(JsonNode::asText)
        .contains(
            "fail: acme-bank: no successful backup observed",
            "fail: ai-lab: no successful backup observed",
            "fail: insurer-claims: no successful backup observed");
    assertThat(run.exit()).as(run.err()).isEqualTo(1);
  }

  @Test
  void aTenantPodPlacedOnAUkNodeBehindTheOperatorsBackIsDriftAFailedControlAndExitOne()
      throws IOException {
    TenantCluster aiLab = platform.platform.tenantCluster("tenants-eu", "ai-lab").orElseThrow();
    String namespace = HostNames.hostNamespace(aiLab);
    Pod stray = strayPod(namespace, "stray-on-uk-node-1", "uk-node-1");
    try (KubernetesClient admin = platform.host.adminClient()) {
      admin.pods().resource(stray).create();
      try {
        Path out = OUT.resolve("drift");
        EnclaveCtlTest.Run run = report(out, platform.host.apiServer().adminKubeconfig());

        JsonNode json = evidence(out);
        assertThat(ReportCommandTest.validate(json)).isEmpty();
        JsonNode seen = pod(tenant(json, "eu", "ai-lab").get("observed"), "stray-on-uk-node-1");
        assertThat(seen.get("nodeName").asText()).isEqualTo("uk-node-1");
        assertThat(seen.get("nodeJurisdiction").asText()).isEqualTo("uk");
        assertThat(seen.get("inJurisdiction").asBoolean()).isFalse();
        assertThat(json.get("drift"))
            .anySatisfy(
                d -> {
                  assertThat(d.get("tenantNamespace").asText()).isEqualTo("tenants-eu");
                  assertThat(d.get("tenantName").asText()).isEqualTo("ai-lab");
                  assertThat(d.get("object").asText() + " " + d.get("message").asText())
                      .contains("stray-on-uk-node-1");
                });
        assertThat(json.at("/summary/driftFindings").asInt()).isPositive();
        // Residency controls fail on drift (on top of DORA-12, which fails without it).
        assertThat(failingControls(json))
            .contains("eu/EU-DATA-ACT-28", "eu/EU-DATA-ACT-32", "eu/GDPR-44", "eu/DORA-12")
            .noneMatch(c -> c.startsWith("uk/"));
        assertThat(control(json, "eu", "EU-DATA-ACT-28").get("evidence"))
            .extracting(JsonNode::asText)
            .anySatisfy(e -> assertThat(e).startsWith("fail: ai-lab: ").contains("outside"));
        assertThat(json.at("/summary/boundaryCrossed").asBoolean()).isTrue();
        assertThat(json.get("crossings"))
            .anySatisfy(
                c -> {
                  assertThat(c.get("tenantName").asText()).isEqualTo("ai-lab");
                  assertThat(c.get("reach").asText()).isEqualTo("node");
                  assertThat(c.get("target").asText()).isEqualTo("uk-node-1");
                  assertThat(c.get("targetJurisdiction").asText()).isEqualTo("uk");
                  assertThat(c.get("fieldPath").asText())
                      .isEqualTo("Pod/stray-on-uk-node-1 spec.nodeName");
                });
        assertThat(Files.readString(out.resolve("index.html")))
            .contains("stray-on-uk-node-1")
            .contains("uk-node-1");
        assertThat(run.exit()).as(run.err()).isEqualTo(1);
      } finally {
        admin.pods().resource(stray).withGracePeriod(0).delete();
        platform.await(
            "the stray pod gone",
            Duration.ofSeconds(30),
            () -> admin.pods().inNamespace(namespace).withName("stray-on-uk-node-1").get() == null);
      }
    }
  }

  /**
   * Neither the docs nor the chart define a reader role for the report, so this test grants a
   * ServiceAccount exactly the reads LiveObservationsCollector makes (get and list, no Secrets).
   */
  @Test
  void aServiceAccountAllowedOnlyTheReportsReadsObservesWhatTheAdminDoesAndIsNamedAReader()
      throws IOException {
    Path kubeconfig = serviceAccount("auditor", readOnlyRules());
    Path out = OUT.resolve("auditor");
    EnclaveCtlTest.Run run = report(out, kubeconfig);
    Path adminOut = OUT.resolve("admin-again");
    report(adminOut, platform.host.apiServer().adminKubeconfig());

    JsonNode json = evidence(out);
    JsonNode asAdmin = evidence(adminOut);
    assertThat(ReportCommandTest.validate(json)).isEmpty();
    assertThat(json.at("/observation/gaps")).as(run.err()).isEmpty();
    assertThat(json.at("/observation/source").asText()).isEqualTo("enclave-report-auditor");
    for (Declared<TenantCluster> declared : platform.platform.tenantClusters()) {
      String jurisdiction = declared.object().getSpec().getJurisdiction();
      assertThat(podsOf(tenant(json, jurisdiction, declared.name())))
          .isEqualTo(podsOf(tenant(asAdmin, jurisdiction, declared.name())));
      assertThat(tenant(json, jurisdiction, declared.name()).at("/observed/readers"))
          .anySatisfy(
              r -> {
                assertThat(r.get("kind").asText()).isEqualTo("ServiceAccount");
                assertThat(r.get("namespace").asText()).isEqualTo("enclave-report");
                assertThat(r.get("name").asText()).isEqualTo("auditor");
                assertThat(r.get("canReadSecrets").asBoolean()).isFalse();
              });
    }
    assertThat(json.get("summary")).isEqualTo(asAdmin.get("summary"));
    assertThat(run.exit()).as(run.err()).isEqualTo(1);
  }

  @Test
  void aServiceAccountWithoutReadsGetsAReportNamingEveryRefusedReadAsAGap() throws IOException {
    Path kubeconfig = serviceAccount("nobody", List.of());
    Path out = OUT.resolve("nobody");
    EnclaveCtlTest.Run run = report(out, kubeconfig);

    assertThat(run.exit()).as(run.err()).isNotEqualTo(2);
    JsonNode json = evidence(out);
    assertThat(ReportCommandTest.validate(json)).isEmpty();
    List<String> gaps = texts(json.at("/observation/gaps"));
    assertThat(gaps)
        .contains(
            "cannot read nodes (cluster-scoped) on enclave-report-nobody: 403 Forbidden;"
                + " pods are shown without their nodes' labels and placement drift is not checked")
        .anySatisfy(g -> assertThat(g).startsWith("cannot read pods in tc-tenants-eu-ai-lab"));
    assertThat(json.get("drift")).isEmpty();
  }

  /** Runs the report in-process; fails with its stderr unless it wrote evidence.json. */
  private static EnclaveCtlTest.Run report(Path out, Path kubeconfig) {
    EnclaveCtlTest.Run run =
        enclavectl(
        "report",
        ExamplePlatformOnTestbed.EXAMPLES.toString(),
        "--out",
        out.toString(),
            "--kubeconfig",
            kubeconfig.toString());
    assertThat(out.resolve("evidence.json"))
        .as("exit %d, stderr:%n%s", run.exit(), run.err())
        .exists();
    return run;
  }

  private static Pod strayPod(String namespace, String name, String node) {
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(namespace)
        .endMetadata()
        .withNewSpec()
        .withNodeName(node)
        .withAutomountServiceAccountToken(false)
        .withNewSecurityContext()
        .withRunAsNonRoot(true)
        .withRunAsUser(65532L)
        .withNewSeccompProfile()
        .withType("RuntimeDefault")
        .endSeccompProfile()
        .endSecurityContext()
        .addNewContainer()
        .withName("app")
        .withImage("registry.eu.example.com/app:1")
        .withNewSecurityContext()
        .withAllowPrivilegeEscalation(false)
        .withNewCapabilities()
        .withDrop("ALL")
        .endCapabilities()
        .endSecurityContext()
        .endContainer()
        .endSpec()
        .build();
  }

  /** get and list on what the collector reads; no Secrets, no writes. */
  private static List<io.fabric8.kubernetes.api.model.rbac.PolicyRule> readOnlyRules() {
    return List.of(
        rule("", "namespaces", "nodes", "pods", "persistentvolumeclaims", "persistentvolumes",
            "configmaps"),
        rule("rbac.authorization.k8s.io", "roles", "rolebindings", "clusterroles",
            "clusterrolebindings"),
        rule("enclave.dev", "tenantclusters"));
  }

  private static io.fabric8.kubernetes.api.model.rbac.PolicyRule rule(
      String group, String... resources) {
    return new io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder()
        .withApiGroups(group)
        .withResources(resources)
        .withVerbs("get", "list")
        .build();
  }

  /** A ServiceAccount in enclave-report bound cluster-wide to {@code rules}; its kubeconfig. */
  private static Path serviceAccount(
      String name, List<io.fabric8.kubernetes.api.model.rbac.PolicyRule> rules)
      throws IOException {
    String role = "enclave-report-it-" + name;
    try (KubernetesClient admin = platform.host.adminClient()) {
      admin
          .namespaces()
          .resource(new NamespaceBuilder().withNewMetadata().withName("enclave-report").endMetadata().build())
          .serverSideApply();
      admin
          .serviceAccounts()
          .inNamespace("enclave-report")
          .resource(new ServiceAccountBuilder().withNewMetadata().withName(name).endMetadata().build())
          .serverSideApply();
      if (!rules.isEmpty()) {
        admin
            .rbac()
            .clusterRoles()
            .resource(
                new ClusterRoleBuilder().withNewMetadata().withName(role).endMetadata().withRules(rules).build())
            .serverSideApply();
        admin
            .rbac()
            .clusterRoleBindings()
            .resource(
                new ClusterRoleBindingBuilder()
                    .withNewMetadata().withName(role).endMetadata()
                    .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", role)
                    .addNewSubject().withKind("ServiceAccount").withNamespace("enclave-report").withName(name).endSubject()
                    .build())
            .serverSideApply();
      }
    }
    Path file = OUT.resolve(name + ".kubeconfig");
    Files.createDirectories(OUT);
    Files.writeString(
        file,
        platform.host.serviceAccountKubeconfig("enclave-report", name, Duration.ofMinutes(30)));
    return file;
  }

  /** {@code jurisdiction/control-id} of every FAILing control. */
  private static List<String> failingControls(JsonNode json) {
    List<String> failing = new ArrayList<>();
    json.get("jurisdictions")
        .forEach(
            j ->
                j.get("controls").forEach(
                    c -> {
                      if ("FAIL".equals(c.get("status").asText())) {
                        failing.add(j.get("name").asText() + "/" + c.get("id").asText());
                      }
                    }));
    return failing;
  }

  private static JsonNode control(JsonNode json, String jurisdiction, String id) {
    return find(jurisdiction(json, jurisdiction).get("controls"), "id", id);
  }

  private static JsonNode evidence(Path out) throws IOException {
    return new ObjectMapper().readTree(out.resolve("evidence.json").toFile());
  }

  private static JsonNode jurisdiction(JsonNode json, String name) {
    return find(json.get("jurisdictions"), "name", name);
  }

  private static JsonNode tenant(JsonNode json, String jurisdiction, String name) {
    return find(jurisdiction(json, jurisdiction).get("tenants"), "name", name);
  }

  private static JsonNode pod(JsonNode observed, String name) {
    return find(observed.get("pods"), "name", name);
  }

  private static JsonNode find(JsonNode array, String key, String value) {
    return StreamSupport.stream(array.spliterator(), false)
        .filter(n -> value.equals(n.path(key).asText()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + key + "=" + value + " in " + array));
  }

  private static Map<String, String> podsOf(JsonNode tenant) {
    Map<String, String> pods = new java.util.TreeMap<>();
    tenant.at("/observed/pods").forEach(p -> pods.put(p.get("name").asText(), p.toString()));
    return pods;
  }

  private static List<String> texts(JsonNode array) {
    List<String> texts = new ArrayList<>();
    array.forEach(n -> texts.add(n.asText()));
    return texts;
  }
}
