package dev.enclave.core.compliance;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ResidencyRulesTest {
  private final TestPlatform platform = TestPlatform.valid();

  @Test
  void an_embedded_store_on_a_storage_class_of_the_jurisdiction_is_accepted() {
    platform.acme.getSpec().getDataStore().getEmbedded().setStorageClass("eu-standard");

    assertThat(platform.evaluate()).isEmpty();
  }

  @Test
  void an_embedded_store_on_a_foreign_storage_class_is_refused() {
    platform.acme.getSpec().getDataStore().getEmbedded().setStorageClass("us-fast");

    assertThat(platform.evaluate())
        .extracting(Violation::describe)
        .containsExactly(
            "TenantCluster/acme: spec.dataStore.embedded.storageClass: storage class \"us-fast\""
                + " is not allowed in jurisdiction \"eu\"; allowed: eu-encrypted, eu-standard");
  }

  @Test
  void an_embedded_store_without_a_storage_class_uses_the_default_and_is_accepted() {
    platform.acme.getSpec().getDataStore().getEmbedded().setStorageClass(null);

    assertThat(platform.evaluate()).isEmpty();
  }

  @Test
  void a_tenant_on_a_data_store_of_another_jurisdiction_is_refused() {
    platform.beta.getSpec().getDataStore().setRef("uk-postgres-1");

    assertThat(platform.evaluate())
        .extracting(Violation::describe)
        .containsExactly(
            "TenantCluster/beta: spec.dataStore.ref: data store \"uk-postgres-1\" is in"
                + " jurisdiction \"uk\", not in the tenant's jurisdiction \"eu\"; allowed:"
                + " eu-postgres-1");
  }

  @Test
  void a_data_store_on_a_foreign_storage_class_is_refused() {
    platform.euPostgres.getSpec().setStorageClass("uk-encrypted");

    assertThat(platform.evaluate())
        .extracting(Violation::describe)
        .containsExactly(
            "DataStore/eu-postgres-1: spec.storageClass: storage class \"uk-encrypted\" is not"
                + " allowed in jurisdiction \"eu\"; allowed: eu-encrypted, eu-standard");
  }

  @Test
  void a_data_store_without_a_storage_class_is_accepted() {
    platform.euPostgres.getSpec().setStorageClass(null);

    assertThat(platform.evaluate()).isEmpty();
  }
}
