package dev.enclave.operator.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.enclave.api.v1alpha1.EnclaveApi;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Host objects a tenant no longer renders (left by an older release or an earlier spec) are found
 * by their ownership labels and deleted by the operator running with the chart's RBAC on a real
 * API server; what Enclave does not own (the syncer's copies, anyone else's objects) and its key
 * material stay.
 */
class PruneIT {
  private static final String NAMESPACE = "tc-tenants-eu-ai-lab";
  private static InstalledChart chart;

  @BeforeAll
  static void install() {
    chart = InstalledChart.get();
    chart.applyExamplePlatform();
  }

  @Test
  void objectsTheTenantNoLongerRendersGo_andNothingEnclaveDoesNotOwn() {
    Map<String, String> owned = Map.of(
        EnclaveApi.MANAGED_BY_LABEL, EnclaveApi.MANAGED_BY,
        EnclaveApi.TENANT_NAME_LABEL, "ai-lab",
        EnclaveApi.TENANT_NAMESPACE_LABEL, "tenants-eu",
        EnclaveApi.JURISDICTION_LABEL, "eu");
    Map<String, String> syncers = Map.of(
        EnclaveApi.MANAGED_BY_LABEL, "enclave-syncer",
        EnclaveApi.TENANT_NAME_LABEL, "ai-lab",
        EnclaveApi.TENANT_NAMESPACE_LABEL, "tenants-eu");
    try (KubernetesClient admin = chart.host.adminClient()) {
      Await.until(chart.host, "ai-lab Ready", Duration.ofMinutes(3),
          () -> "Ready".equals(OperatorRbacIT.phase(admin, "tenants-eu/ai-lab")));
      List<HasMetadata> kept = List.of(
          new ConfigMapBuilder().withNewMetadata().withName("synced-copy").withNamespace(NAMESPACE)
              .withLabels(syncers).endMetadata().build(),
          new ConfigMapBuilder().withNewMetadata().withName("someone-elses").withNamespace(NAMESPACE)
              .endMetadata().build(),
          new SecretBuilder().withNewMetadata().withName("ai-lab-old-key").withNamespace(NAMESPACE)
              .withLabels(owned).endMetadata().build());
      List<HasMetadata> stale = List.of(
          new ConfigMapBuilder().withNewMetadata().withName("ai-lab-old-settings").withNamespace(NAMESPACE)
              .withLabels(owned).endMetadata().build(),
          new NetworkPolicyBuilder().withNewMetadata().withName("enclave-allow-old").withNamespace(NAMESPACE)
              .withLabels(owned).endMetadata().withNewSpec().withNewPodSelector().endPodSelector().endSpec()
              .build());
      kept.forEach(o -> admin.resource(o).create());
      stale.forEach(o -> admin.resource(o).create());

      Await.until(chart.host, "the objects ai-lab no longer renders are pruned", Duration.ofSeconds(90),
          () -> stale.stream().allMatch(o -> admin.resource(o).get() == null));

      // One more full reconcile (a host object of ai-lab changed) and what is not Enclave's stays.
      admin.configMaps().inNamespace(NAMESPACE).withName("ai-lab-sync-policy")
          .edit(c -> {
            var annotations = new java.util.HashMap<String, String>();
            if (c.getMetadata().getAnnotations() != null) {
              annotations.putAll(c.getMetadata().getAnnotations());
            }
            annotations.put("enclave.dev/poke", "1");
            c.getMetadata().setAnnotations(annotations);
            return c;
          });
      Await.until(chart.host, "ai-lab Ready after another reconcile", Duration.ofSeconds(60),
          () -> "Ready".equals(OperatorRbacIT.phase(admin, "tenants-eu/ai-lab")));
      assertThat(kept).allSatisfy(o -> assertThat(admin.resource(o).get()).as(o.getMetadata().getName()).isNotNull());
      assertThat(admin.configMaps().inNamespace(NAMESPACE).withName("ai-lab-sync-policy").get())
          .as("rendered objects are not pruned").isNotNull();
      kept.forEach(o -> admin.resource(o).delete());
    }
  }
}
