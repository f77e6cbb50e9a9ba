package dev.enclave.datastore;

import dev.enclave.api.v1alpha1.DataStore;
import dev.enclave.api.v1alpha1.DataStoreSpec;
import dev.enclave.api.v1alpha1.SecretReference;
import dev.enclave.api.v1alpha1.TenantCluster;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.List;

/** TenantClusters and DataStores for the data store tests: only what provisioning reads. */
final class Tenants {
  private Tenants() {}

  static TenantCluster tenant(String namespace, String name) {
    TenantCluster tenant = new TenantCluster();
    tenant.setMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(name).build());
    return tenant;
  }

  static DataStore dataStore(String name, String driver, List<String> endpoints) {
    DataStore store = new DataStore();
    store.setMetadata(new ObjectMetaBuilder().withName(name).build());
    DataStoreSpec spec = new DataStoreSpec();
    spec.setJurisdiction("eu");
    spec.setDriver(driver);
    spec.setEndpoints(endpoints);
    SecretReference ref = new SecretReference();
    ref.setName(name + "-admin");
    ref.setNamespace("enclave-system");
    spec.setCredentialsSecretRef(ref);
    store.setSpec(spec);
    return store;
  }
}
