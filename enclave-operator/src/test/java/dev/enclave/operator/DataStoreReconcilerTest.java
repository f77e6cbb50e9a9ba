package dev.enclave.operator;

import static dev.enclave.operator.OperatorHarness.servingEu;
import static org.assertj.core.api.Assertions.assertThat;

import dev.enclave.api.v1alpha1.DataStore;
import dev.enclave.api.v1alpha1.TenantCluster;
import dev.enclave.operator.status.Conditions;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DataStoreReconcilerTest {
  private static final String POSTGRES =
      """
      apiVersion: enclave.dev/v1alpha1
      kind: DataStore
      metadata: {name: eu-postgres-1}
      spec:
        jurisdiction: eu
        driver: postgresql
        endpoints: ["postgres.eu.example.com:5432"]
        credentialsSecretRef: {name: eu-postgres-1-admin, namespace: enclave-system}
      """;

  private final OperatorHarness harness = new OperatorHarness();

  @AfterEach
  void stop() {
    harness.close();
  }

  @Test
  void aDataStoreListsTheTenantsKeepingTheirStateInIt() {
    harness.declare(Fixtures.eu());
    harness.declare(Serialization.unmarshal(POSTGRES, DataStore.class));
    harness.start(servingEu());
    TenantCluster acme = Fixtures.acme();
    acme.getSpec().getDataStore().setEmbedded(null);
    acme.getSpec().getDataStore().setRef("eu-postgres-1");

    harness.declare(acme);

    Poll.until("the store is used by acme", () -> store().getStatus().getUsedBy().size() == 1);
    assertThat(store().getStatus().getUsedBy()).containsExactly("tenants-eu/acme");
    assertThat(Conditions.isTrue(store().getStatus().getConditions(), "Valid")).isTrue();
    Poll.until("acme is provisioning", () -> "Provisioning".equals(harness.phaseOf(acme)));
  }

  private DataStore store() {
    return harness.client.resources(DataStore.class).withName("eu-postgres-1").get();
  }
}
