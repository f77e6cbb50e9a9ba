package dev.enclave.operator;

import static dev.enclave.operator.OperatorHarness.servingEu;
import static dev.enclave.operator.OperatorHarness.withResync;
import static org.assertj.core.api.Assertions.assertThat;

import dev.enclave.api.v1alpha1.TenantCluster;
import dev.enclave.core.controlplane.TenantRbacBuilder;
import dev.enclave.operator.status.Conditions;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TenantAccessTest {
  private final OperatorHarness harness = new OperatorHarness();
  private KubernetesClient unreachable;

  @AfterEach
  void stop() {
    harness.close();
    if (unreachable != null) {
      unreachable.close();
    }
  }

  @Test
  void whenTheControlPlaneBecomesReady_thenTheTenantGetsExactlyTheBuildersRbac() {
    harness.declare(Fixtures.eu());
    harness.start(servingEu());
    TenantCluster acme = Fixtures.acme();
    harness.declare(acme);
    Poll.until("acme is provisioning", () -> "Provisioning".equals(harness.phaseOf(acme)));
    assertThat(harness.tenantApi.writes()).isEmpty();
    assertThat(condition(acme, "TenantAccessReady").getReason())
        .isEqualTo("WaitingForControlPlane");

    harness.markControlPlaneReady(acme);
    Poll.until("acme is Ready", () -> "Ready".equals(harness.phaseOf(acme)));

    KubernetesClient tenant = harness.tenantApi.client();
    assertThat(rules(tenant, "enclave:syncer"))
        .isEqualTo(describe(TenantRbacBuilder.syncerRules()));
    assertThat(rules(tenant, "enclave:coredns"))
        .isEqualTo(describe(TenantRbacBuilder.corednsRules()));
    assertThat(tenant.rbac().clusterRoleBindings().list().getItems())
        .extracting(TenantAccessTest::describe)
        .containsExactlyInAnyOrder(
            "enclave:syncer: ClusterRole enclave:syncer <- Group enclave:syncers",
            "enclave:coredns: ClusterRole enclave:coredns <- User enclave:coredns",
            "enclave:tenant-admins: ClusterRole cluster-admin <- Group enclave:tenant-admins");
    Condition access = condition(acme, "TenantAccessReady");
    assertThat(access.getStatus()).isEqualTo("True");
    assertThat(access.getReason()).isEqualTo("RbacApplied");
  }

  @Test
  void whenNothingChanged_thenAResyncWritesNothingToTheTenant() {
    harness.declare(Fixtures.eu());
    harness.start(withResync(servingEu(), Duration.ofMillis(500)));
    harness.provisionReady(Fixtures.acme());
    long reconciles = harness.operator.reconciles("tenantcluster");
    Poll.until(
        "a first resync ran", () -> harness.operator.reconciles("tenantcluster") >= reconciles + 1);
    List<String> before = harness.tenantApi.writes();

    Poll.until(
        "three more resyncs ran",
        () -> harness.operator.reconciles("tenantcluster") >= reconciles + 4);

    assertThat(before).filteredOn(w -> w.contains("/rbac.")).hasSize(5);
    assertThat(before).allMatch(w -> w.startsWith("POST "));
    assertThat(harness.tenantApi.writes()).isEqualTo(before);
  }

  @Test
  void rbacEnclaveNoLongerRendersIsPrunedFromTheTenant_butNotAGrantsBindingNorAnyoneElses() {
    harness.declare(Fixtures.eu());
    harness.start(withResync(servingEu(), Duration.ofMillis(500)));
    harness.provisionReady(Fixtures.acme());
    KubernetesClient tenant = harness.tenantApi.client();
    Map<String, String> enclaves = Map.of("app.kubernetes.io/managed-by", "enclave");
    tenant.resource(new io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder()
        .withNewMetadata().withName("enclave:old-role").withLabels(enclaves).endMetadata().build()).create();
    tenant.resource(binding("enclave:old-binding", enclaves)).create();
    tenant.resource(binding("enclave:grant:incident-1", Map.of(
        "app.kubernetes.io/managed-by", "enclave", "enclave.dev/access-grant", "incident-1"))).create();
    tenant.resource(binding("someone-elses", Map.of())).create();

    Poll.until("the old role and binding are pruned",
        () -> tenant.rbac().clusterRoles().withName("enclave:old-role").get() == null
            && tenant.rbac().clusterRoleBindings().withName("enclave:old-binding").get() == null);
    assertThat(tenant.rbac().clusterRoleBindings().withName("enclave:grant:incident-1").get()).isNotNull();
    assertThat(tenant.rbac().clusterRoleBindings().withName("someone-elses").get()).isNotNull();
    assertThat(tenant.rbac().clusterRoleBindings().withName("enclave:coredns").get()).isNotNull();
  }

  private static io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding binding(
      String name, Map<String, String> labels) {
    return new io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder()
        .withNewMetadata().withName(name).withLabels(labels).endMetadata()
        .withNewRoleRef().withApiGroup("rbac.authorization.k8s.io").withKind("ClusterRole").withName("view").endRoleRef()
        .addNewSubject().withKind("User").withName("someone").endSubject()
        .build();
  }

  @Test
  void whenSomeoneDeletesABindingInTheTenant_thenTheNextReconcileRestoresIt() {
    harness.declare(Fixtures.eu());
    harness.start(withResync(servingEu(), Duration.ofMillis(500)));
    harness.provisionReady(Fixtures.acme());
    var binding =
        harness.tenantApi.client().rbac().clusterRoleBindings().withName("enclave:coredns");

    binding.delete();

    Poll.until("the CoreDNS binding is back", () -> binding.get() != null);
    assertThat(describe(binding.get()))
        .isEqualTo("enclave:coredns: ClusterRole enclave:coredns <- User enclave:coredns");
  }

  @Test
  void whenATenantApiIsUnreachable_thenThatTenantIsNotReady_andAnotherStillIs() {
    unreachable = clientToAClosedPort();
    harness.tenantApis =
        (tenant, adminKubeconfig) ->
            Optional.of(
                "acme".equals(tenant.getMetadata().getName())
                    ? unreachable
                    : harness.tenantApi.client());
    harness.declare(Fixtures.eu());
    harness.start(servingEu());
    TenantCluster acme = Fixtures.acme();
    TenantCluster beta = Fixtures.tenant("tenants-eu", "beta");
    harness.declare(acme);
    harness.provisionReady(beta);
    Poll.until("acme's control plane exists", () -> harness.controlPlane(acme) != null);
    harness.markControlPlaneReady(acme);

    Poll.until(
        "acme reports its tenant API unreachable",
        () -> "TenantApiUnreachable".equals(condition(acme, "TenantAccessReady").getReason()));
    Condition access = condition(acme, "TenantAccessReady");
    assertThat(access.getStatus()).isEqualTo("False");
    assertThat(access.getMessage())
        .startsWith("tenant API https://acme.tc-tenants-eu-acme.svc:443 unreachable: ")
        .doesNotContain("\n")
        .doesNotContain("\tat ");
    assertThat(condition(acme, "ControlPlaneReady").getStatus()).isEqualTo("True");
    Condition ready = condition(acme, "Ready");
    assertThat(ready.getStatus()).isEqualTo("False");
    assertThat(ready.getReason()).isEqualTo("TenantApiUnreachable");
    assertThat(harness.phaseOf(acme)).isEqualTo("Provisioning");
    assertThat(harness.phaseOf(beta)).isEqualTo("Ready");
  }

  private Condition condition(TenantCluster tenant, String type) {
    TenantCluster current =
        harness.tenant(tenant.getMetadata().getNamespace(), tenant.getMetadata().getName());
    return Conditions.find(current.getStatus().getConditions(), type).orElseThrow();
  }

  private static List<String> rules(KubernetesClient tenant, String role) {
    ClusterRole actual = tenant.rbac().clusterRoles().withName(role).get();
    return describe(actual.getRules());
  }

  private static List<String> describe(List<PolicyRule> rules) {
    return rules.stream()
        .map(
            r ->
                orEmpty(r.getApiGroups())
                    + " "
                    + orEmpty(r.getResources())
                    + " "
                    + orEmpty(r.getVerbs())
                    + " "
                    + orEmpty(r.getResourceNames()))
        .toList();
  }

  private static String describe(ClusterRoleBinding binding) {
    return binding.getMetadata().getName()
        + ": "
        + binding.getRoleRef().getKind()
        + " "
        + binding.getRoleRef().getName()
        + " <- "
        + binding.getSubjects().stream().map(s -> s.getKind() + " " + s.getName()).toList().get(0)
        + (binding.getSubjects().size() == 1 ? "" : " and more");
  }

  private static <T> List<T> orEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }

  /**
   * A client to a port nothing listens on: connection refused, as for a tenant API that is down.
   */
  private static KubernetesClient clientToAClosedPort() {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new KubernetesClientBuilder()
        .withConfig(
            new ConfigBuilder()
                .withMasterUrl("http://127.0.0.1:" + port)
                .withConnectionTimeout(1000)
                .withRequestTimeout(1000)
                .withRequestRetryBackoffLimit(0)
                .build())
        .build();
  }
}
