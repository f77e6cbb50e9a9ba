package dev.enclave.operator.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.enclave.api.v1alpha1.EnclaveApi;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A host pod of a tenant moved to a uk node behind the operator's back. */
class DriftIT {
  private static InstalledChart chart;

  @BeforeAll
  static void install() {
    chart = InstalledChart.get();
    chart.applyExamplePlatform();
  }

  @Test
  void a_tenant_pod_on_a_uk_node_turns_compliant_false_with_an_event_and_the_metric() {
    String namespace = "tc-tenants-eu-ai-lab";
    try (KubernetesClient admin = chart.host.adminClient()) {
      Await.until(chart.host, "ai-lab Ready", Duration.ofMinutes(3),
          () -> "Ready".equals(OperatorRbacIT.phase(admin, "tenants-eu/ai-lab")));
      var configurations = admin.admissionRegistration().v1().validatingWebhookConfigurations();
      ValidatingWebhookConfiguration original = configurations.withName("enclave").get();
      // Bypass the pods webhook as an admin could: take it out for one create.
      configurations.withName("enclave").edit(c -> {
        List<ValidatingWebhook> kept = c.getWebhooks().stream().filter(w -> !w.getName().startsWith("pods.")).toList();
        c.setWebhooks(kept);
        return c;
      });
      Pod moved = new PodBuilder()
          .withNewMetadata().withName("moved").withNamespace(namespace)
          .addToLabels(EnclaveApi.MANAGED_BY_LABEL, EnclaveApi.MANAGED_BY)
          .addToLabels(EnclaveApi.TENANT_NAME_LABEL, "ai-lab")
          .addToLabels(EnclaveApi.TENANT_NAMESPACE_LABEL, "tenants-eu")
          .endMetadata()
          .withNewSpec().withNodeName("uk-node-1")
          .addNewContainer().withName("c").withImage("registry.eu.example.com/app:1").endContainer()
          .endSpec().build();
      try {
        admin.pods().resource(moved).create();
      } finally {
        configurations.withName("enclave").edit(c -> {
          c.setWebhooks(original.getWebhooks());
          return c;
        });
      }
      try {
        Await.until(chart.host, "ai-lab Compliant=False DriftDetected", Duration.ofSeconds(90),
            () -> "DriftDetected".equals(conditionReason(admin, "Compliant")));
        assertThat(admin.v1().events().inNamespace("tenants-eu").list().getItems())
            .anySatisfy(e -> {
              assertThat(e.getReason()).isEqualTo("DriftDetected");
              assertThat(e.getInvolvedObject().getName()).isEqualTo("ai-lab");
              assertThat(e.getMessage()).contains("uk-node-1");
            });
        assertThat(chart.operator.operator().metricsText()).containsPattern("enclave_drift\\w*\\{[^}]*ai-lab[^}]*\\} [1-9]");
      } finally {
        admin.pods().resource(moved).delete();
      }
      Await.until(chart.host, "ai-lab Compliant again once the pod is gone", Duration.ofSeconds(90),
          () -> "RulesPassed".equals(conditionReason(admin, "Compliant")));
    }
  }

  private static String conditionReason(KubernetesClient admin, String type) {
    var found = admin.genericKubernetesResources("enclave.dev/v1alpha1", "TenantCluster")
        .inNamespace("tenants-eu").withName("ai-lab").get();
    if (!(found.getAdditionalProperties().get("status") instanceof Map<?, ?> status)
        || !(status.get("conditions") instanceof List<?> conditions)) {
      return null;
    }
    return conditions.stream().map(c -> (Map<?, ?>) c).filter(c -> type.equals(c.get("type")))
        .map(c -> (String) c.get("reason")).findFirst().orElse(null);
  }
}
