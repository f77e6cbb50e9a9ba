package dev.enclave.core.compliance;

import dev.enclave.api.v1alpha1.AccessGrant;
import dev.enclave.api.v1alpha1.DataStore;
import dev.enclave.api.v1alpha1.Jurisdiction;
import dev.enclave.api.v1alpha1.TenantCluster;
import dev.enclave.core.model.Declared;
import dev.enclave.core.model.Platform;
import java.util.ArrayList;
import java.util.List;

/**
 * A valid platform of two jurisdictions (eu, uk), a data store in each, three tenants and a grant.
 * Tests break one field of one object, or add objects, then {@link #evaluate()}.
 */
final class TestPlatform {
  final Jurisdiction eu = Fixtures.jurisdiction("eu");
  final Jurisdiction uk = Fixtures.jurisdiction("uk");
  final DataStore euPostgres = Fixtures.dataStore("eu-postgres-1", "eu");
  final DataStore ukPostgres = Fixtures.dataStore("uk-postgres-1", "uk");
  final TenantCluster acme = Fixtures.tenant("tenants-eu", "acme", "eu");
  final TenantCluster beta =
      Fixtures.tenantOnDataStore("tenants-eu", "beta", "eu", "eu-postgres-1");
  final TenantCluster gamma =
      Fixtures.tenantOnDataStore("tenants-uk", "gamma", "uk", "uk-postgres-1");
  final AccessGrant incident =
      Fixtures.grant("tenants-eu", "incident-4711", "acme", "eu-platform-oncall");

  final List<Jurisdiction> jurisdictions = new ArrayList<>(List.of(eu, uk));
  final List<DataStore> dataStores = new ArrayList<>(List.of(euPostgres, ukPostgres));
  final List<TenantCluster> tenants = new ArrayList<>(List.of(acme, beta, gamma));
  final List<AccessGrant> grants = new ArrayList<>(List.of(incident));

  static TestPlatform valid() {
    return new TestPlatform();
  }

  Platform platform() {
    return new Platform(
        jurisdictions.stream().map(Declared::live).toList(),
        dataStores.stream().map(Declared::live).toList(),
        tenants.stream().map(Declared::live).toList(),
        grants.stream().map(Declared::live).toList());
  }

  List<Violation> evaluate() {
    return ComplianceRules.evaluate(platform());
  }
}
