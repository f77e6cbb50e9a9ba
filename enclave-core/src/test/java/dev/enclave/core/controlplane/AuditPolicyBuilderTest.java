package dev.enclave.core.controlplane;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuditPolicyBuilderTest {

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> rules() {
    ConfigMap configMap = AuditPolicyBuilder.build(Fixtures.model(Fixtures.embedded()));
    return (List<Map<String, Object>>) Rendered.file(configMap).get("rules");
  }

  @Test
  void thePolicyIsAnAuditV1PolicyThatSkipsRequestReceived() {
    Map<String, Object> policy =
        Rendered.file(AuditPolicyBuilder.build(Fixtures.model(Fixtures.embedded())));

    assertThat(policy)
        .containsEntry("apiVersion", "audit.k8s.io/v1")
        .containsEntry("kind", "Policy")
        .containsEntry("omitStages", List.of("RequestReceived"));
  }

  @Test
  void healthProbesAreNotLoggedFirst() {
    assertThat(rules().get(0)).containsEntry("level", "None");
    assertThat(rules().get(0).get("nonResourceURLs").toString())
        .contains("/livez", "/readyz", "/healthz");
  }

  @Test
  void secretsConfigMapsAndTokenReviewsAreLoggedWithoutTheirBodies() {
    assertThat(rules().get(1)).containsEntry("level", "Metadata");
    assertThat(rules().get(1).get("resources").toString())
        .contains("secrets", "configmaps", "tokenreviews");
  }

  @Test
  void rbacChangesAreLoggedInFull() {
    assertThat(rules().get(2)).containsEntry("level", "RequestResponse");
    assertThat(rules().get(2).get("resources").toString()).contains("rbac.authorization.k8s.io");
  }

  @Test
  void everythingElseIsLoggedAtMetadata() {
    assertThat(rules().get(rules().size() - 1)).isEqualTo(Map.of("level", "Metadata"));
  }

  @Test
  void theWebhookKubeconfigPointsAtTheTenantsSink() {
    ConfigMap webhook =
        AuditWebhookBuilder.build(Fixtures.model(Fixtures.embedded())).orElseThrow();

    assertThat(webhook.getMetadata().getName()).isEqualTo("acme-audit-webhook");
    assertThat(webhook.getData().get("kubeconfig"))
        .contains("server: https://siem.eu.example.com/k8s-audit");
  }

  @Test
  void noWebhookIsRenderedWithoutAnAuditSink() {
    assertThat(AuditWebhookBuilder.build(Fixtures.model(Fixtures.externalEtcd()))).isEmpty();
  }
}
