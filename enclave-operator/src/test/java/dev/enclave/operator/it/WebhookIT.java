package dev.enclave.operator.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.enclave.testbed.Command;
import dev.enclave.testbed.Ports;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The chart's ValidatingWebhookConfiguration, called by the real API server. */
class WebhookIT {
  private static InstalledChart chart;

  @BeforeAll
  static void install() {
    chart = InstalledChart.get();
    chart.applyExamplePlatform();
  }

  @Test
  void a_tenant_cluster_that_check_refuses_is_refused_by_kubectl_apply_with_checks_message() {
    String foreignStorage =
        """
        apiVersion: enclave.dev/v1alpha1
        kind: TenantCluster
        metadata: {name: us-storage, namespace: tenants-eu}
        spec:
          jurisdiction: eu
          kubernetesVersion: "1.37.2"
          dataStore:
            embedded: {storageClass: us-fast, size: 1Gi}
        """;
    Command.Result refused = apply(foreignStorage);
    assertThat(refused.exitCode()).isNotZero();
    assertThat(refused.stderr())
        .contains("admission webhook \"objects.enclave.dev\" denied the request")
        .contains("spec.dataStore.embedded.storageClass")
        .contains("storage class \"us-fast\" is not allowed in jurisdiction \"eu\"");
    try (KubernetesClient admin = chart.host.adminClient()) {
      assertThat(admin.genericKubernetesResources("enclave.dev/v1alpha1", "TenantCluster")
              .inNamespace("tenants-eu").withName("us-storage").get())
          .isNull();
    }
  }

  @Test
  void a_pod_with_a_uk_node_selector_in_an_eu_tenants_host_namespace_is_refused() {
    String namespace = euHostNamespace();
    try (KubernetesClient admin = chart.host.adminClient()) {
      Await.until(chart.host, "host namespace " + namespace, java.time.Duration.ofSeconds(90),
          () -> admin.namespaces().withName(namespace).get() != null);
    }
    String pod =
        """
        apiVersion: v1
        kind: Pod
        metadata: {name: escape, namespace: %s}
        spec:
          nodeSelector: {enclave.dev/jurisdiction: uk}
          containers: [{name: c, image: registry.eu.example.com/app:1}]
        """
            .formatted(namespace);
    Command.Result refused = apply(pod);
    assertThat(refused.exitCode()).isNotZero();
    assertThat(refused.stderr()).contains("admission webhook \"pods.enclave.dev\" denied the request");
  }

  @Test
  void with_the_webhook_unreachable_the_api_server_fails_closed_and_nothing_is_created() {
    try (KubernetesClient admin = chart.host.adminClient()) {
      var configurations = admin.admissionRegistration().v1().validatingWebhookConfigurations();
      ValidatingWebhookConfiguration original = configurations.withName("enclave").get();
      String dead = "https://127.0.0.1:" + Ports.free();
      configurations.withName("enclave").edit(c -> {
        c.getWebhooks().forEach(w -> w.getClientConfig().setUrl(w.getClientConfig().getUrl().replaceFirst("https://127\\.0\\.0\\.1:\\d+", dead)));
        return c;
      });
      try {
        String tenant =
            """
            apiVersion: enclave.dev/v1alpha1
            kind: TenantCluster
            metadata: {name: while-down, namespace: tenants-eu}
            spec: {jurisdiction: eu, kubernetesVersion: "1.37.2", dataStore: {ref: eu-postgres-1}}
            """;
        Command.Result refused = apply(tenant);
        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.stderr()).contains("failed calling webhook \"objects.enclave.dev\"");
        assertThat(admin.genericKubernetesResources("enclave.dev/v1alpha1", "TenantCluster")
                .inNamespace("tenants-eu").withName("while-down").get())
            .isNull();
      } finally {
        configurations.withName("enclave").edit(c -> {
          for (int i = 0; i < c.getWebhooks().size(); i++) {
            c.getWebhooks().get(i).getClientConfig().setUrl(original.getWebhooks().get(i).getClientConfig().getUrl());
          }
          return c;
        });
      }
    }
  }

  static String euHostNamespace() {
    return "tc-tenants-eu-ai-lab";
  }

  private static Command.Result apply(String manifest) {
    return chart.host.kubectlAs(chart.host.apiServer().adminKubeconfig(), manifest, "apply", "-f", "-");
  }
}
