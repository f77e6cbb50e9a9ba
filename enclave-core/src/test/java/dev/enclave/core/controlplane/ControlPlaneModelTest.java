package dev.enclave.core.controlplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.enclave.api.v1alpha1.TenantCluster;
import dev.enclave.core.controlplane.ControlPlaneModel.Store;
import org.junit.jupiter.api.Test;

class ControlPlaneModelTest {

  @Test
  void aTenantWithOnlyRequiredFieldsGetsSaneDefaults() {
    ControlPlaneModel model = Fixtures.model(Fixtures.minimal());

    assertThat(model.replicas()).isEqualTo(1);
    assertThat(model.scheduler()).isFalse();
    assertThat(model.store()).isEqualTo(Store.EMBEDDED_ETCD);
    assertThat(model.etcdSize()).isEqualTo("5Gi");
    assertThat(model.etcdStorageClass()).isEqualTo("eu-encrypted");
    assertThat(model.auditSink()).isEmpty();
    assertThat(model.quota()).isEmpty();
    assertThat(model.podSecurity()).isEqualTo("restricted");
  }

  @Test
  void theFirstRegistryOfTheJurisdictionServesControlPlaneImages() {
    assertThat(Fixtures.model(Fixtures.minimal()).registry()).isEqualTo(Fixtures.REGISTRY);
  }

  @Test
  void theAuditSinkNameIsResolvedToTheJurisdictionsUrl() {
    assertThat(Fixtures.model(Fixtures.embedded()).auditSink())
        .contains("https://siem.eu.example.com/k8s-audit");
  }

  @Test
  void theDataStoreDriverDecidesTheStore() {
    assertThat(Fixtures.model(Fixtures.postgresql()).store()).isEqualTo(Store.POSTGRESQL);
    assertThat(Fixtures.model(Fixtures.externalEtcd()).store()).isEqualTo(Store.EXTERNAL_ETCD);
  }

  @Test
  void aJurisdictionWithoutKeyManagementUsesTheConventionalSocket() {
    var eu = Fixtures.eu();
    eu.getSpec().setKeyManagement(null);

    ControlPlaneModel model = ControlPlaneModel.fromCrd(Fixtures.minimal(), eu, null);

    assertThat(model.kmsEndpoint()).isEqualTo("unix:///var/run/kmsplugin/eu.sock");
    assertThat(model.kmsSocketDirectory()).isEqualTo("/var/run/kmsplugin");
  }

  @Test
  void aReferencedDataStoreThatIsMissingIsNamedInTheError() {
    TenantCluster tenant = Fixtures.postgresql();

    assertThatThrownBy(() -> ControlPlaneModel.fromCrd(tenant, Fixtures.eu(), null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("TenantCluster tenants-eu/globex")
        .hasMessageContaining("spec.dataStore.ref");
  }

  @Test
  void aJurisdictionWithoutRegistriesIsRefusedByName() {
    var eu = Fixtures.eu();
    eu.getSpec().setRegistries(null);

    assertThatThrownBy(() -> ControlPlaneModel.fromCrd(Fixtures.minimal(), eu, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Jurisdiction/eu: spec.registries");
  }
}
