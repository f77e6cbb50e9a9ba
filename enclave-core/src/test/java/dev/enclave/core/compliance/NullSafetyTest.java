package dev.enclave.core.compliance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.enclave.api.v1alpha1.AccessGrant;
import dev.enclave.api.v1alpha1.AccessGrantSpec;
import dev.enclave.api.v1alpha1.DataStore;
import dev.enclave.api.v1alpha1.DataStoreSpec;
import dev.enclave.api.v1alpha1.Jurisdiction;
import dev.enclave.api.v1alpha1.JurisdictionSpec;
import dev.enclave.api.v1alpha1.TenantCluster;
import dev.enclave.api.v1alpha1.TenantClusterSpec;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.Arrays;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class NullSafetyTest {
  private final TestPlatform platform = TestPlatform.valid();

  @Test
  void objects_without_a_spec_are_told_the_spec_is_required() {
    platform.eu.setSpec(null);
    platform.euPostgres.setSpec(null);
    platform.acme.setSpec(null);
    platform.incident.setSpec(null);

    assertThat(platform.evaluate())
        .extracting(Violation::describe)
        .contains(
            "AccessGrant/incident-4711: spec: spec is required",
            "DataStore/eu-postgres-1: spec: spec is required",
            "Jurisdiction/eu: spec: spec is required",
            "TenantCluster/acme: spec: spec is required");
  }

  @Test
  void empty_specs_are_told_what_is_required_without_failing() {
    Jurisdiction jurisdiction = new Jurisdiction();
    jurisdiction.setMetadata(new ObjectMetaBuilder().withName("empty").build());
    jurisdiction.setSpec(new JurisdictionSpec());
    jurisdiction.getSpec().setFrameworks(null);
    jurisdiction.getSpec().setAuditSinks(Arrays.asList(null, Fixtures.sink(null, null)));
    jurisdiction.getSpec().setBackupTargets(null);
    DataStore store = new DataStore();
    store.setMetadata(new ObjectMetaBuilder().withName("empty").build());
    store.setSpec(new DataStoreSpec());
    store.getSpec().setEndpoints(Arrays.asList((String) null));
    TenantCluster tenant = new TenantCluster();
    tenant.setMetadata(new ObjectMetaBuilder().withNamespace("t").withName("empty").build());
    tenant.setSpec(new TenantClusterSpec());
    tenant.getSpec().setQuota(null);
    AccessGrant grant = new AccessGrant();
    grant.setMetadata(new ObjectMetaBuilder().withNamespace("t").withName("empty").build());
    grant.setSpec(new AccessGrantSpec());
    platform.jurisdictions.add(jurisdiction);
    platform.dataStores.add(store);
    platform.tenants.add(tenant);
    platform.grants.add(grant);

    assertThat(platform.evaluate())
        .extracting(Violation::describe)
        .contains(
            "Jurisdiction/empty: spec.placement: spec.placement is required",
            "Jurisdiction/empty: spec.auditSinks[0]: spec.auditSinks[0] is required",
            "Jurisdiction/empty: spec.auditSinks[1].name: spec.auditSinks[1].name is required",
            "Jurisdiction/empty: spec.auditSinks[1].url: spec.auditSinks[1].url is required",
            "DataStore/empty: spec.jurisdiction: spec.jurisdiction is required",
            "DataStore/empty: spec.driver: spec.driver is required",
            "TenantCluster/empty: spec.jurisdiction: spec.jurisdiction is required",
            "TenantCluster/empty: spec.kubernetesVersion: spec.kubernetesVersion is required",
            "AccessGrant/empty: spec.tenantCluster: spec.tenantCluster is required",
            "AccessGrant/empty: spec.duration: spec.duration is required");
  }

  @Test
  void objects_without_metadata_are_told_their_name_is_required() {
    platform.eu.setMetadata(null);
    platform.acme.setMetadata(null);

    assertThat(platform.evaluate())
        .extracting(Violation::describe)
        .contains(
            "Jurisdiction/null: metadata.name: metadata.name is required",
            "TenantCluster/null: metadata.name: metadata.name is required",
            "TenantCluster/null: metadata.namespace: metadata.namespace is required:"
                + " TenantCluster is namespaced");
  }
}
