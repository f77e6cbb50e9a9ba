package dev.enclave.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The operator runs with the chart's ServiceAccount: its RBAC and admission policies are real. */
class OperatorRbacIT {
  static final List<String> EXAMPLE_TENANTS =
      List.of("tenants-eu/acme-bank", "tenants-eu/insurer-claims", "tenants-eu/ai-lab", "tenants-uk/council");

  private static InstalledChart chart;

  @BeforeAll
  static void install() {
    chart = InstalledChart.get();
    chart.applyExamplePlatform();
  }

  @Test
  void the_example_platform_reaches_ready_with_the_charts_rbac_and_no_403_in_the_log() {
    try (KubernetesClient admin = chart.host.adminClient()) {
      for (String tenant : EXAMPLE_TENANTS) {
        Await.until(chart.host, tenant + " Ready", Duration.ofMinutes(3), () -> "Ready".equals(phase(admin, tenant)));
      }
    }
    // The 3-member acme-bank: the operator's way in to etcd's client port, for backups, written by
    // the operator with the chart's RBAC; the single-member ai-lab gets none.
    try (KubernetesClient admin = chart.host.adminClient()) {
      var policy = admin.network().v1().networkPolicies().inNamespace("tc-tenants-eu-acme-bank")
          .withName("enclave-allow-operator-etcd").get();
      assertThat(policy).as("NetworkPolicy enclave-allow-operator-etcd of acme-bank").isNotNull();
      assertThat(policy.getSpec().getIngress().get(0).getFrom().get(0).getNamespaceSelector().getMatchLabels())
          .isEqualTo(Map.of("kubernetes.io/metadata.name", InstalledChart.NAMESPACE));
      assertThat(admin.network().v1().networkPolicies().inNamespace("tc-tenants-eu-ai-lab")
          .withName("enclave-allow-operator-etcd").get()).isNull();
    }
    // fabric8 reports a refusal as "... is forbidden: User ... cannot ..." (HTTP 403).
    assertThat(chart.operatorLog()).doesNotContainIgnoringCase("forbidden").doesNotContain("PermissionDenied");
  }

  @Test
  void the_operators_identity_cannot_write_outside_the_namespaces_enclave_manages() {
    KubernetesClient operator = chart.operatorClient;
    KubernetesClientException secret =
        catchThrowableOfType(
            () -> operator.secrets().inNamespace("kube-system")
                .resource(new SecretBuilder().withNewMetadata().withName("planted").endMetadata().build())
                .create(),
            KubernetesClientException.class);
    assertThat(secret.getMessage()).contains("enclave-operator-namespaced-objects").contains("kube-system");
    KubernetesClientException namespace =
        catchThrowableOfType(
            () -> operator.namespaces()
                .resource(new NamespaceBuilder().withNewMetadata().withName("not-a-tenant").endMetadata().build())
                .create(),
            KubernetesClientException.class);
    assertThat(namespace.getMessage()).contains("enclave-operator-namespaces");
    // RBAC lets the operator bind enclave-syncer anywhere; the policy keeps it to host namespaces.
    KubernetesClientException foreignBinding =
        catchThrowableOfType(
            () -> operator.rbac().roleBindings().inNamespace("kube-system")
                .resource(binding("planted", "enclave-syncer"))
                .create(),
            KubernetesClientException.class);
    assertThat(foreignBinding.getMessage()).contains("enclave-operator-namespaced-objects").contains("kube-system");
    // A role it does not hold is refused by RBAC's own escalation check before any policy.
    KubernetesClientException escalation =
        catchThrowableOfType(
            () -> operator.rbac().roleBindings().inNamespace("tc-tenants-eu-ai-lab")
                .resource(binding("escalate", "cluster-admin"))
                .create(),
            KubernetesClientException.class);
    assertThat(escalation.getCode()).isEqualTo(403);
    assertThat(escalation.getMessage()).contains("attempting to grant RBAC permissions not currently held");
    try (KubernetesClient admin = chart.host.adminClient()) {
      assertThat(admin.secrets().inNamespace("kube-system").withName("planted").get()).isNull();
      assertThat(admin.namespaces().withName("not-a-tenant").get()).isNull();
      assertThat(admin.rbac().roleBindings().inNamespace("kube-system").withName("planted").get()).isNull();
    }
  }

  private static io.fabric8.kubernetes.api.model.rbac.RoleBinding binding(String name, String clusterRole) {
    return new RoleBindingBuilder()
        .withNewMetadata().withName(name).endMetadata()
        .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", clusterRole)
        .addNewSubject().withKind("Group").withName("system:authenticated").withApiGroup("rbac.authorization.k8s.io").endSubject()
        .build();
  }

  @Test
  void the_operator_process_listens_on_loopback_only() {
    var operator = chart.operator.operator();
    java.util.Set<Integer> ports =
        java.util.Set.of(chart.webhookPort, operator.metricsPort(), operator.healthPort());
    var listening =
        dev.enclave.testbed.Sockets.of(ProcessHandle.current().pid()).stream()
            .filter(dev.enclave.testbed.Sockets.Socket::listening)
            .filter(s -> ports.contains(s.localPort()))
            .toList();
    assertThat(listening).hasSizeGreaterThanOrEqualTo(2).allSatisfy(s -> assertThat(s.loopbackOnly()).as(s.toString()).isTrue());
  }

  static String phase(KubernetesClient admin, String tenant) {
    String[] parts = tenant.split("/");
    GenericKubernetesResource found =
        admin.genericKubernetesResources("enclave.dev/v1alpha1", "TenantCluster")
            .inNamespace(parts[0]).withName(parts[1]).get();
    if (found == null || !(found.getAdditionalProperties().get("status") instanceof Map<?, ?> status)) {
      return null;
    }
    return (String) status.get("phase");
  }
}
