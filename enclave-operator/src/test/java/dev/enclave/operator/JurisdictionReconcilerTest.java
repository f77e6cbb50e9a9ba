package dev.enclave.operator;

import static dev.enclave.operator.OperatorHarness.servingEu;
import static org.assertj.core.api.Assertions.assertThat;

import dev.enclave.api.v1alpha1.FieldViolation;
import dev.enclave.api.v1alpha1.Jurisdiction;
import dev.enclave.api.v1alpha1.TenantCluster;
import dev.enclave.operator.status.Conditions;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class JurisdictionReconcilerTest {
  private final OperatorHarness harness = new OperatorHarness();

  @AfterEach
  void stop() {
    harness.close();
  }

  @Test
  void aJurisdictionListsItsTenantClustersAndIsValid() {
    harness.declare(Fixtures.eu());
    harness.start(servingEu());

    harness.declare(Fixtures.tenant("tenants-eu", "zeta"));
    harness.declare(Fixtures.tenant("tenants-eu", "acme"));

    Poll.until("eu lists both tenants", () -> eu().getStatus().getTenantClusters().size() == 2);
    assertThat(eu().getStatus().getTenantClusters())
        .containsExactly("tenants-eu/acme", "tenants-eu/zeta");
    assertThat(Conditions.isTrue(eu().getStatus().getConditions(), "Valid")).isTrue();
  }

  @Test
  void whenAJurisdictionDropsAStorageClass_thenItsTenantsAreReEvaluated() {
    harness.declare(Fixtures.eu());
    harness.start(servingEu());
    TenantCluster acme = Fixtures.acme();
    harness.declare(acme);
    Poll.until("acme is provisioning", () -> "Provisioning".equals(harness.phaseOf(acme)));

    harness
        .client
        .resources(Jurisdiction.class)
        .withName("eu")
        .edit(
            j -> {
              j.getSpec().setStorageClasses(List.of("eu-encrypted-v2"));
              return j;
            });

    Poll.until("acme has failed", () -> "Failed".equals(harness.phaseOf(acme)));
    assertThat(harness.tenant("tenants-eu", "acme").getStatus().getViolations())
        .extracting(FieldViolation::getField)
        .contains("spec.dataStore.embedded.storageClass");
  }

  @Test
  void aJurisdictionWithoutRegistriesIsNotValid() {
    Jurisdiction eu = Fixtures.eu();
    eu.getSpec().setRegistries(List.of());
    harness.declare(eu);
    harness.start(servingEu());

    Poll.until("eu is judged", () -> eu().getStatus() != null);
    assertThat(Conditions.find(eu().getStatus().getConditions(), "Valid").orElseThrow().getReason())
        .isEqualTo("ViolationsFound");
    assertThat(eu().getStatus().getViolations())
        .extracting(FieldViolation::getField)
        .contains("spec.registries");
  }

  private Jurisdiction eu() {
    return harness.client.resources(Jurisdiction.class).withName("eu").get();
  }
}
