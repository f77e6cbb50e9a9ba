package dev.enclave.core.compliance;

import static dev.enclave.core.compliance.Messages.list;
import static dev.enclave.core.compliance.Messages.quote;

import dev.enclave.api.v1alpha1.DataStore;
import dev.enclave.api.v1alpha1.DataStoreBinding;
import dev.enclave.api.v1alpha1.DataStoreSpec;
import dev.enclave.api.v1alpha1.JurisdictionSpec;
import dev.enclave.api.v1alpha1.TenantCluster;
import dev.enclave.api.v1alpha1.TenantClusterSpec;
import dev.enclave.core.model.Declared;
import java.util.List;
import java.util.Objects;

/**
 * Tenant state stays in the tenant's jurisdiction: embedded volumes on its storage classes, shared
 * data stores of the same jurisdiction, and data stores on their jurisdiction's storage classes.
 */
final class ResidencyRules {
  private ResidencyRules() {}

  static void check(Catalog catalog, List<Violation> out) {
    for (Declared<TenantCluster> tenant : catalog.tenantClusters()) {
      TenantClusterSpec spec = tenant.object().getSpec();
      if (spec != null && spec.getDataStore() != null) {
        checkTenant(catalog, spec, Findings.on(tenant, out));
      }
    }
    for (Declared<DataStore> store : catalog.dataStores()) {
      DataStoreSpec spec = store.object().getSpec();
      if (spec != null && !Messages.isBlank(spec.getStorageClass())) {
        checkStorageClass(
            catalog,
            "spec.storageClass",
            spec.getStorageClass(),
            spec.getJurisdiction(),
            Findings.on(store, out));
      }
    }
  }

  private static void checkTenant(Catalog catalog, TenantClusterSpec spec, Findings findings) {
    DataStoreBinding binding = spec.getDataStore();
    String jurisdiction = spec.getJurisdiction();
    if (binding.getEmbedded() != null
        && !Messages.isBlank(binding.getEmbedded().getStorageClass())) {
      checkStorageClass(
          catalog,
          "spec.dataStore.embedded.storageClass",
          binding.getEmbedded().getStorageClass(),
          jurisdiction,
          findings);
    }
    if (Messages.isBlank(binding.getRef()) || catalog.jurisdiction(jurisdiction).isEmpty()) {
      return;
    }
    catalog
        .dataStore(binding.getRef())
        .map(DataStore::getSpec)
        .filter(store -> !Messages.isBlank(store.getJurisdiction()))
        .filter(store -> !Objects.equals(store.getJurisdiction(), jurisdiction))
        .ifPresent(
            store ->
                findings.add(
                    "spec.dataStore.ref",
                    "data store "
                        + quote(binding.getRef())
                        + " is in jurisdiction "
                        + quote(store.getJurisdiction())
                        + ", not in the tenant's jurisdiction "
                        + quote(jurisdiction)
                        + "; allowed: "
                        + list(catalog.dataStoreNamesIn(jurisdiction))));
  }

  private static void checkStorageClass(
      Catalog catalog,
      String fieldPath,
      String storageClass,
      String jurisdiction,
      Findings findings) {
    JurisdictionSpec spec = catalog.jurisdictionSpec(jurisdiction).orElse(null);
    if (spec == null) {
      return; // an unknown jurisdiction is reported by ReferenceRules
    }
    List<String> allowed = Catalog.orEmpty(spec.getStorageClasses());
    if (!allowed.contains(storageClass)) {
      findings.add(
          fieldPath, Messages.notAllowedIn("storage class", storageClass, jurisdiction, allowed));
    }
  }
}
