package dev.enclave.operator;

import static dev.enclave.operator.OperatorHarness.servingEu;
import static org.assertj.core.api.Assertions.assertThat;

import dev.enclave.api.v1alpha1.TenantCluster;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EnclaveOperatorTest {
  private final OperatorHarness harness = new OperatorHarness();

  @AfterEach
  void stop() {
    harness.close();
  }

  @Test
  void onceStarted_theOperatorIsReadyAndServesHealthAndMetricsOnEphemeralPorts() throws Exception {
    harness.declare(Fixtures.eu());
    harness.start(servingEu());
    TenantCluster acme = Fixtures.acme();
    harness.provisionReady(acme);

    assertThat(harness.operator.isReady()).isTrue();
    assertThat(get(harness.operator.healthPort(), "/healthz").statusCode()).isEqualTo(200);
    assertThat(get(harness.operator.healthPort(), "/readyz").statusCode()).isEqualTo(200);
    HttpResponse<String> metrics = get(harness.operator.metricsPort(), "/metrics");
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.body())
        .contains("enclave_reconciles_total{controller=\"tenantcluster\"}")
        .contains("enclave_reconcile_errors_total{controller=\"tenantcluster\"} 0")
        .contains("enclave_reconcile_duration_seconds_count{controller=\"tenantcluster\"}")
        .contains("enclave_tenants{phase=\"Ready\"} 1")
        .contains("enclave_tenants_by_jurisdiction{jurisdiction=\"eu\"} 1")
        .contains("enclave_violations{kind=\"TenantCluster\"} 0");
  }

  @Test
  void whenTheHostRunsThePrometheusOperator_thenEachTenantGetsAServiceMonitor() {
    harness.host.registerCrd("servicemonitors.monitoring.coreos.com-v1.yml");
    harness.declare(Fixtures.eu());
    harness.start(servingEu());

    harness.declare(Fixtures.acme());

    Poll.until(
        "the ServiceMonitor exists",
        () ->
            harness
                    .client
                    .genericKubernetesResources("monitoring.coreos.com/v1", "ServiceMonitor")
                    .inNamespace("tc-tenants-eu-acme")
                    .withName("acme")
                    .get()
                != null);
  }

  @Test
  void withoutThePrometheusOperator_theApiServiceCarriesScrapeAnnotations() {
    harness.declare(Fixtures.eu());
    harness.start(servingEu());

    harness.declare(Fixtures.acme());

    Poll.until(
        "the API Service is annotated",
        () ->
            "true"
                .equals(
                    harness
                        .client
                        .services()
                        .inNamespace("tc-tenants-eu-acme")
                        .withName("acme")
                        .get()
                        .getMetadata()
                        .getAnnotations()
                        .get("prometheus.io/scrape")));
  }

  private static HttpResponse<String> get(int port, String path) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
            HttpResponse.BodyHandlers.ofString());
  }
}
