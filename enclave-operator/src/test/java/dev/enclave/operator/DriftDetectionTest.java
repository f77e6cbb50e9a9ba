package dev.enclave.operator;

import static dev.enclave.operator.OperatorHarness.servingEu;
import static dev.enclave.operator.OperatorHarness.withResync;
import static org.assertj.core.api.Assertions.assertThat;

import dev.enclave.api.v1alpha1.EnclaveApi;
import dev.enclave.api.v1alpha1.FieldViolation;
import dev.enclave.api.v1alpha1.TenantCluster;
import dev.enclave.core.controlplane.AuditWebhookBuilder;
import dev.enclave.core.controlplane.HostNames;
import dev.enclave.operator.status.Conditions;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DriftDetectionTest {
  private static final String HOST_NS = "tc-tenants-eu-acme";
  private final OperatorHarness harness = new OperatorHarness();
  private final TenantCluster acme = Fixtures.acme();

  @BeforeEach
  void provision() {
    node("eu-node-1", "eu");
    node("uk-node-1", "uk");
    harness.declare(Fixtures.eu());
    harness.start(withResync(servingEu(), Duration.ofMillis(500)));
    harness.provisionReady(acme);
  }

  @AfterEach
  void stop() {
    harness.close();
  }

  @Test
  void whenATenantPodRunsOnANodeOfAnotherJurisdiction_thenItIsNotCompliantWithAnEventAndAMetric() {
    pod("acme-0", "uk-node-1");

    Poll.until("acme reports drift", () -> "DriftDetected".equals(compliant().getReason()));
    assertThat(compliant().getStatus()).isEqualTo("False");
    assertThat(compliant().getMessage())
        .isEqualTo(
            "1 drift finding: Pod/tc-tenants-eu-acme/acme-0: spec.nodeName: runs on node"
                + " \"uk-node-1\" labelled enclave.dev/jurisdiction=uk; jurisdiction \"eu\""
                + " requires enclave.dev/jurisdiction=eu");
    assertThat(violations())
        .extracting(FieldViolation::getField)
        .containsExactly("Pod/tc-tenants-eu-acme/acme-0: spec.nodeName");
    assertThat(harness.phaseOf(acme)).isEqualTo("Ready");
    Poll.until("a DriftDetected event is recorded", () -> driftEvents().size() == 1);
    Event event = driftEvents().get(0);
    assertThat(event.getType()).isEqualTo("Warning");
    assertThat(event.getInvolvedObject().getKind()).isEqualTo("TenantCluster");
    assertThat(event.getInvolvedObject().getName()).isEqualTo("acme");
    assertThat(event.getMessage()).contains("uk-node-1");
    assertThat(harness.operator.metricsText())
        .contains("enclave_drift_findings{jurisdiction=\"eu\",tenant=\"tenants-eu/acme\"} 1")
        .contains(
            "enclave_drift_detections_total{jurisdiction=\"eu\",tenant=\"tenants-eu/acme\"} 1");
  }

  @Test
  void whenTheDriftPersists_thenResyncsRaiseNoSecondEventAndWriteNothing() {
    pod("acme-0", "uk-node-1");
    Poll.until("a DriftDetected event is recorded", () -> driftEvents().size() == 1);
    long reconciles = harness.operator.reconciles("tenantcluster");
    Poll.until("a resync ran", () -> harness.operator.reconciles("tenantcluster") > reconciles);
    List<String> before = harness.host.writes();

    Poll.until(
        "three more resyncs ran",
        () -> harness.operator.reconciles("tenantcluster") >= reconciles + 4);

    assertThat(harness.host.writes()).isEqualTo(before);
    assertThat(driftEvents()).hasSize(1);
  }

  @Test
  void whenThePodIsRescheduledOntoANodeOfItsJurisdiction_thenItIsCompliantAgain() {
    pod("acme-0", "uk-node-1");
    Poll.until("acme reports drift", () -> "DriftDetected".equals(compliant().getReason()));

    harness.client.pods().inNamespace(HOST_NS).withName("acme-0").delete();
    Poll.until(
        "the pod is gone",
        () -> harness.client.pods().inNamespace(HOST_NS).withName("acme-0").get() == null);
    pod("acme-0", "eu-node-1");

    Poll.until("acme is compliant again", () -> "True".equals(compliant().getStatus()));
    assertThat(compliant().getReason()).isEqualTo("RulesPassed");
    assertThat(violations()).isEmpty();
    assertThat(harness.operator.metricsText())
        .contains("enclave_drift_findings{jurisdiction=\"eu\",tenant=\"tenants-eu/acme\"} 0");
  }

  @Test
  void whenTheNodeUnderATenantPodIsRelabelled_thenTheDriftIsDetected() {
    pod("acme-0", "eu-node-1");
    Poll.until("the pod is seen on a compliant node", () -> "True".equals(compliant().getStatus()));

    harness
        .client
        .nodes()
        .withName("eu-node-1")
        .edit(
            n ->
                new NodeBuilder(n)
                    .editMetadata()
                    .addToLabels("enclave.dev/jurisdiction", "us")
                    .endMetadata()
                    .build());

    Poll.until("acme reports drift", () -> "DriftDetected".equals(compliant().getReason()));
    assertThat(compliant().getMessage()).contains("labelled enclave.dev/jurisdiction=us");
  }

  @Test
  void whenAClaimUsesAForeignStorageClass_thenItIsAFinding() {
    harness
        .client
        .persistentVolumeClaims()
        .inNamespace(HOST_NS)
        .resource(
            new PersistentVolumeClaimBuilder()
                .withNewMetadata()
                .withName("scratch")
                .withNamespace(HOST_NS)
                .withLabels(tenantLabels())
                .endMetadata()
                .withNewSpec()
                .withStorageClassName("standard")
                .endSpec()
                .build())
        .create();

    Poll.until("acme reports drift", () -> "DriftDetected".equals(compliant().getReason()));
    assertThat(violations())
        .extracting(v -> v.getField() + ": " + v.getMessage())
        .containsExactly(
            "PersistentVolumeClaim/tc-tenants-eu-acme/scratch: spec.storageClassName: uses storage"
                + " class \"standard\"; jurisdiction \"eu\" allows: eu-encrypted");
  }

  @Test
  void whenTheAuditWebhookIsEditedToAnotherUrl_thenAnEventRecordsItAndTheOperatorRepairsIt() {
    String original = auditServer();
    assertThat(original).isEqualTo("https://siem.eu.example.com/k8s-audit");

    harness
        .client
        .configMaps()
        .inNamespace(HOST_NS)
        .withName(HostNames.auditWebhookConfigMap(acme))
        .edit(
            c -> {
              c.getData()
                  .put(
                      "kubeconfig",
                      Serialization.asYaml(
                          AuditWebhookBuilder.kubeconfig("https://collector.us.example.com")));
              return c;
            });

    Poll.until("a DriftDetected event is recorded", () -> driftEvents().size() == 1);
    assertThat(driftEvents().get(0).getMessage())
        .isEqualTo(
            "ConfigMap/tc-tenants-eu-acme/acme-audit-webhook: data.kubeconfig: audit webhook sends"
                + " to \"https://collector.us.example.com\"; jurisdiction \"eu\" allows the audit"
                + " sinks: eu-siem https://siem.eu.example.com/k8s-audit");
    Poll.until("the audit webhook is repaired", () -> original.equals(auditServer()));
    assertThat(compliant().getStatus()).isEqualTo("True");
    assertThat(harness.operator.metricsText())
        .contains(
            "enclave_drift_detections_total{jurisdiction=\"eu\",tenant=\"tenants-eu/acme\"} 1")
        .contains("enclave_drift_findings{jurisdiction=\"eu\",tenant=\"tenants-eu/acme\"} 0");
  }

  private void node(String name, String jurisdiction) {
    harness
        .client
        .nodes()
        .resource(
            new NodeBuilder()
                .withNewMetadata()
                .withName(name)
                .addToLabels("enclave.dev/jurisdiction", jurisdiction)
                .endMetadata()
                .build())
        .create();
  }

  private void pod(String name, String node) {
    harness
        .client
        .pods()
        .inNamespace(HOST_NS)
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(HOST_NS)
                .withLabels(tenantLabels())
                .endMetadata()
                .withNewSpec()
                .withNodeName(node)
                .addNewContainer()
                .withName("kube-apiserver")
                .withImage("registry.eu.example.com/kube-apiserver:v1.37.2")
                .endContainer()
                .endSpec()
                .build())
        .create();
  }

  private static Map<String, String> tenantLabels() {
    return Map.of(
        EnclaveApi.MANAGED_BY_LABEL, EnclaveApi.MANAGED_BY,
        EnclaveApi.TENANT_NAME_LABEL, "acme",
        EnclaveApi.TENANT_NAMESPACE_LABEL, "tenants-eu");
  }

  private Condition compliant() {
    return Conditions.find(
            harness.tenant("tenants-eu", "acme").getStatus().getConditions(), "Compliant")
        .orElseThrow();
  }

  private List<FieldViolation> violations() {
    return harness.tenant("tenants-eu", "acme").getStatus().getViolations();
  }

  private List<Event> driftEvents() {
    return harness.client.v1().events().inNamespace("tenants-eu").list().getItems().stream()
        .filter(e -> "DriftDetected".equals(e.getReason()))
        .toList();
  }

  private String auditServer() {
    ConfigMap configMap =
        harness
            .client
            .configMaps()
            .inNamespace(HOST_NS)
            .withName(HostNames.auditWebhookConfigMap(acme))
            .get();
    return dev.enclave.core.drift.HostFactsReader.auditServer(configMap).orElse(null);
  }
}
