package dev.enclave.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.enclave.api.v1alpha1.AccessGrant;
import dev.enclave.core.pki.Kubeconfig;
import dev.enclave.core.pki.PkiSecret;
import dev.enclave.operator.status.Conditions;
import dev.enclave.operator.tenant.TenantSecrets;
import dev.enclave.testbed.Command;
import dev.enclave.testbed.Components;
import dev.enclave.testbed.KubeApiServer;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * AccessGrants on real tenant kube-apiservers (1.37.2 for ai-lab, 1.36.3 for insurer-claims), the
 * operator running with the chart's ServiceAccount, RBAC and admission policies: the grant's
 * kubeconfig works with the tenant's own kubectl for exactly its role and window, the tenant's
 * audit log records the binding with who, why and until when, and after expiry or deletion the
 * same credential is refused.
 */
class AccessGrantIT {
  private static final String NAMESPACE = "tenants-eu";
  private static final List<String> TENANTS = List.of("ai-lab", "insurer-claims");
  private static final Components COMPONENTS = Components.fromEnvironment();

  private static InstalledChart chart;

  @BeforeAll
  static void install() {
    chart = InstalledChart.get();
    chart.applyExamplePlatform();
    for (String tenant : TENANTS) {
      Await.until(
          chart.host,
          NAMESPACE + "/" + tenant + " Ready",
          Duration.ofMinutes(5),
          () -> "Ready".equals(OperatorRbacIT.phase(chart.host.adminClient(), NAMESPACE + "/" + tenant)));
    }
  }

  @Test
  void a_view_grant_works_with_kubectl_for_its_role_until_it_expires_and_is_then_refused() {
    List<String> grants = new ArrayList<>();
    for (String tenant : TENANTS) {
      grants.add(declare("it-view-" + tenant, tenant, "view", "40s"));
    }
    List<Path> kubeconfigs = new ArrayList<>();
    for (int i = 0; i < TENANTS.size(); i++) {
      String grant = grants.get(i);
      String tenant = TENANTS.get(i);
      awaitPhase(grant, "Active");
      KubeApiServer server = chart.tenantApis.server(NAMESPACE, tenant).orElseThrow();
      Path kubeconfig = grantKubeconfig(grant, server);
      kubeconfigs.add(kubeconfig);

      // The RBAC authorizer sees the new binding through its informer: a moment later at most.
      Await.until(chart.host, tenant + ": the grant's user may get pods", Duration.ofSeconds(30),
          () -> "yes".equals(canI(server, kubeconfig, "get", "pods")));
      assertThat(canI(server, kubeconfig, "list", "deployments")).as(tenant + ": list deployments").isEqualTo("yes");
      assertThat(canI(server, kubeconfig, "create", "pods")).as(tenant + ": create pods").isEqualTo("no");
      assertThat(canI(server, kubeconfig, "get", "secrets")).as(tenant + ": get secrets").isEqualTo("no");
      kubectl(server, kubeconfig, "get", "pods", "--namespace=default").requireSuccess();
      assertThat(kubectl(server, kubeconfig, "auth", "whoami", "-o", "jsonpath={.status.userInfo.username} {.status.userInfo.groups}").stdout())
          .contains("enclave-grant:" + NAMESPACE + ":" + grant)
          .contains("eu-platform-oncall");
      assertThat(auditLines(tenant, "create", "enclave:grant:" + grant))
          .as(tenant + ": the audit log records the binding's creation with its request body")
          .singleElement()
          .satisfies(
              line ->
                  assertThat(line)
                      .contains("\"enclave.dev/grant-justification\":\"IT: " + grant + "\"")
                      .contains("\"enclave.dev/grant-group\":\"eu-platform-oncall\"")
                      .contains("\"enclave.dev/expires-at\":\"" + status(grant).getExpiresAt() + "\""));
    }

    for (int i = 0; i < TENANTS.size(); i++) {
      String grant = grants.get(i);
      String tenant = TENANTS.get(i);
      awaitPhase(grant, "Expired");
      KubeApiServer server = chart.tenantApis.server(NAMESPACE, tenant).orElseThrow();
      try (KubernetesClient admin = server.adminClient()) {
        assertThat(admin.rbac().clusterRoleBindings().withName("enclave:grant:" + grant).get()).isNull();
      }
      try (KubernetesClient admin = chart.host.adminClient()) {
        assertThat(admin.secrets().inNamespace(NAMESPACE).withName(grant + "-kubeconfig").get()).isNull();
      }
      assertThat(reason(grant, "Active")).isEqualTo("Expired");
      // Refused twice over: the user has no binding left, and its certificate is past notAfter.
      // The RBAC authorizer sees the deletion through its informer: a moment later at most.
      Await.until(chart.host, tenant + ": the grant's user may no longer get pods", Duration.ofSeconds(30),
          () -> "no".equals(kubectl(server, server.adminKubeconfig(), "auth", "can-i", "get", "pods",
              "--namespace=default", "--as=enclave-grant:" + NAMESPACE + ":" + grant,
              "--as-group=eu-platform-oncall").stdout().strip()));
      Command.Result expired = kubectl(server, kubeconfigs.get(i), "get", "pods", "--namespace=default");
      assertThat(expired.succeeded()).as(tenant + ": the expired kubeconfig").isFalse();
      assertThat(expired.stderr()).contains("Unauthorized");
      assertThat(auditLines(tenant, "delete", "enclave:grant:" + grant))
          .as(tenant + ": the audit log records the binding's deletion")
          .hasSize(1);
    }
  }

  @Test
  void deleting_a_grant_removes_its_binding_from_the_tenant_before_the_grant_goes() {
    String grant = declare("it-delete", "ai-lab", "edit", "8h");
    awaitPhase(grant, "Active");
    KubeApiServer server = chart.tenantApis.server(NAMESPACE, "ai-lab").orElseThrow();
    Path kubeconfig = grantKubeconfig(grant, server);
    Await.until(chart.host, "the grant's user may create deployments", Duration.ofSeconds(30),
        () -> "yes".equals(canI(server, kubeconfig, "create", "deployments")));
    assertThat(canI(server, kubeconfig, "create", "rolebindings")).isEqualTo("no");

    chart.host.kubectl("delete", "accessgrant", grant, "--namespace=" + NAMESPACE, "--wait=true", "--timeout=120s")
        .requireSuccess();

    try (KubernetesClient admin = server.adminClient()) {
      assertThat(admin.rbac().clusterRoleBindings().withName("enclave:grant:" + grant).get()).isNull();
    }
    try (KubernetesClient admin = chart.host.adminClient()) {
      assertThat(admin.secrets().inNamespace(NAMESPACE).withName(grant + "-kubeconfig").get()).isNull();
    }
    // The certificate is still within its window: only the binding's removal refuses it now.
    Await.until(chart.host, "the deleted grant's user may no longer get pods", Duration.ofSeconds(30),
        () -> "no".equals(canI(server, kubeconfig, "get", "pods")));
    assertThat(chart.operatorLog()).doesNotContainIgnoringCase("forbidden");
  }

  @Test
  void the_operators_identity_may_write_no_secret_in_a_tenant_namespace_but_a_grants_own() {
    KubernetesClient operator = chart.operatorClient;
    // Not owned by an AccessGrant; owned by one of another name; owned as it should be, but in
    // kube-system: each refused by the chart's admission policy, under the operator's identity.
    for (var planted :
        List.of(
            plantedSecret(NAMESPACE, "planted-kubeconfig", null),
            plantedSecret(NAMESPACE, "planted-kubeconfig", "other"),
            plantedSecret("kube-system", "planted-kubeconfig", "planted"))) {
      KubernetesClientException refused =
          catchThrowableOfType(
              () -> operator.secrets().inNamespace(planted.getMetadata().getNamespace()).resource(planted).create(),
              KubernetesClientException.class);
      assertThat(refused).as(planted.getMetadata().getNamespace() + " " + planted.getMetadata().getOwnerReferences()).isNotNull();
      assertThat(refused.getMessage())
          .contains("enclave-operator-namespaced-objects")
          .contains("<grant>-kubeconfig controlled by their AccessGrant")
          .contains("in namespace " + planted.getMetadata().getNamespace());
    }
    try (KubernetesClient admin = chart.host.adminClient()) {
      assertThat(admin.secrets().inNamespace(NAMESPACE).withName("planted-kubeconfig").get()).isNull();
      assertThat(admin.secrets().inNamespace("kube-system").withName("planted-kubeconfig").get()).isNull();
    }
  }

  private static Secret plantedSecret(String namespace, String name, String ownerGrant) {
    var metadata = new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withNamespace(namespace).withName(name);
    if (ownerGrant != null) {
      metadata.addNewOwnerReference()
          .withApiVersion("enclave.dev/v1alpha1")
          .withKind("AccessGrant")
          .withName(ownerGrant)
          .withUid("00000000-0000-0000-0000-000000000000")
          .withController(true)
          .endOwnerReference();
    }
    return new io.fabric8.kubernetes.api.model.SecretBuilder().withMetadata(metadata.build()).build();
  }

  /** Declares a grant with kubectl as admin, through the real admission webhook. */
  private static String declare(String name, String tenant, String role, String duration) {
    String manifest =
        """
        apiVersion: enclave.dev/v1alpha1
        kind: AccessGrant
        metadata: {name: %s, namespace: %s}
        spec:
          tenantCluster: %s
          group: eu-platform-oncall
          role: %s
          duration: %s
          justification: "IT: %s"
        """
            .formatted(name, NAMESPACE, tenant, role, duration, name);
    chart.host.kubectlAs(chart.host.apiServer().adminKubeconfig(), manifest, "apply", "-f", "-").requireSuccess();
    return name;
  }

  private static void awaitPhase(String grant, String phase) {
    Await.until(chart.host, "AccessGrant " + grant + " " + phase, Duration.ofMinutes(3), () -> {
      var status = status(grant);
      return status != null && phase.equals(status.getPhase());
    });
  }

  private static dev.enclave.api.v1alpha1.AccessGrantStatus status(String grant) {
    try (KubernetesClient admin = chart.host.adminClient()) {
      AccessGrant found = admin.resources(AccessGrant.class).inNamespace(NAMESPACE).withName(grant).get();
      return found == null ? null : found.getStatus();
    }
  }

  private static String reason(String grant, String type) {
    return Conditions.find(status(grant).getConditions(), type).map(c -> c.getReason()).orElse(null);
  }

  /**
   * The grant's kubeconfig Secret, pointed at the testbed's tenant API server: it listens on a
   * loopback port (not the rendered Service endpoint) and serves with the testbed's own CA. The
   * client certificate and key, the credential under test, are kept as the operator issued them.
   */
  private static Path grantKubeconfig(String grant, KubeApiServer server) {
    Secret secret;
    try (KubernetesClient admin = chart.host.adminClient()) {
      secret = admin.secrets().inNamespace(NAMESPACE).withName(grant + "-kubeconfig").get();
    }
    assertThat(secret).as("Secret " + grant + "-kubeconfig").isNotNull();
    Kubeconfig issued = Kubeconfig.parse(TenantSecrets.decode(secret).get(PkiSecret.KUBECONFIG));
    assertThat(issued.server()).endsWith(".svc:443");
    Kubeconfig local =
        new Kubeconfig(
            issued.clusterName(),
            server.url(),
            dev.enclave.core.pki.Pem.readCertificate(server.pki().caPem()),
            issued.userName(),
            issued.client());
    try {
      Path file = chart.host.directory().resolve(grant + ".kubeconfig");
      Files.writeString(file, local.toYaml());
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String canI(KubeApiServer server, Path kubeconfig, String verb, String resource) {
    // kubectl auth can-i exits 1 for "no"; its answer is on stdout either way.
    return kubectl(server, kubeconfig, "auth", "can-i", verb, resource, "--namespace=default").stdout().strip();
  }

  /** The tenant release's own kubectl, as a user of that tenant cluster has it. */
  private static Command.Result kubectl(KubeApiServer server, Path kubeconfig, String... args) {
    List<String> all = new ArrayList<>(List.of("--kubeconfig=" + kubeconfig));
    all.addAll(List.of(args));
    return Command.run(COMPONENTS.kubernetes(server.version(), "kubectl"), all, Map.of(), Duration.ofMinutes(1));
  }

  /** ResponseComplete audit events of {@code verb} on ClusterRoleBinding {@code name}. */
  private static List<String> auditLines(String tenant, String verb, String name) {
    Path log = chart.tenantApis.auditLog(NAMESPACE, tenant);
    try {
      return Files.readAllLines(log).stream()
          .filter(l -> l.contains("\"stage\":\"ResponseComplete\""))
          .filter(l -> l.contains("\"verb\":\"" + verb + "\""))
          .filter(l -> l.contains("\"resource\":\"clusterrolebindings\""))
          .filter(l -> l.contains("\"name\":\"" + name + "\""))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
