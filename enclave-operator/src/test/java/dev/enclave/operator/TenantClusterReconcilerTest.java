package dev.enclave.operator;

import static dev.enclave.operator.OperatorHarness.servingEu;
import static org.assertj.core.api.Assertions.assertThat;

import dev.enclave.api.v1alpha1.TenantCluster;
import dev.enclave.api.v1alpha1.TenantClusterStatus;
import dev.enclave.core.controlplane.HostNames;
import dev.enclave.operator.status.Conditions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TenantClusterReconcilerTest {
  private final OperatorHarness harness = new OperatorHarness();

  @AfterEach
  void stop() {
    harness.close();
  }

  @Test
  void whenACompliantTenantIsDeclared_thenItsControlPlaneIsCreatedAndBecomesReady() {
    harness.declare(Fixtures.eu());
    harness.start(servingEu());
    TenantCluster acme = Fixtures.acme();

    harness.declare(acme);
    Poll.until("acme is provisioning", () -> "Provisioning".equals(harness.phaseOf(acme)));
    assertThat(harness.client.namespaces().withName("tc-tenants-eu-acme").get()).isNotNull();
    harness.markControlPlaneReady(acme);
    Poll.until("acme is Ready", () -> "Ready".equals(harness.phaseOf(acme)));

    TenantClusterStatus status = harness.tenant("tenants-eu", "acme").getStatus();
    assertThat(status.getConditions())
        .extracting(c -> c.getType() + "=" + c.getStatus())
        .containsExactly(
            "Compliant=True", "DataStoreReady=True", "ControlPlaneReady=True", "Ready=True");
    assertThat(status.getEndpoint()).isEqualTo("https://acme.tc-tenants-eu-acme.svc:443");
    assertThat(status.getHostNamespace()).isEqualTo("tc-tenants-eu-acme");
    assertThat(status.getKubeconfigSecretRef().getName()).isEqualTo("acme-admin-kubeconfig");
    assertThat(status.getVersion()).isEqualTo("1.34.1");
    assertThat(status.getObservedGeneration()).isEqualTo(1L);
    assertThat(Conditions.isTrue(status.getConditions(), "Ready")).isTrue();
    assertThat(
            harness
                .client
                .secrets()
                .inNamespace(HostNames.hostNamespace(acme))
                .withName(HostNames.adminKubeconfigSecret(acme))
                .get())
        .isNotNull();
  }
}
