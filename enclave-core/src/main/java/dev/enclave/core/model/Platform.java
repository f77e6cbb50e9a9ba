package dev.enclave.core.model;

import dev.enclave.api.v1alpha1.AccessGrant;
import dev.enclave.api.v1alpha1.DataStore;
import dev.enclave.api.v1alpha1.Jurisdiction;
import dev.enclave.api.v1alpha1.TenantCluster;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything declared for one platform: the input of the compliance rules. Built by the GitOps
 * loader from a directory, or by the operator and webhook from a cluster's objects.
 */
public record Platform(
    List<Declared<Jurisdiction>> jurisdictions,
    List<Declared<DataStore>> dataStores,
    List<Declared<TenantCluster>> tenantClusters,
    List<Declared<AccessGrant>> accessGrants) {

  public Platform {
    jurisdictions = List.copyOf(jurisdictions);
    dataStores = List.copyOf(dataStores);
    tenantClusters = List.copyOf(tenantClusters);
    accessGrants = List.copyOf(accessGrants);
  }

  public static Platform empty() {
    return new Platform(List.of(), List.of(), List.of(), List.of());
  }

  /** The first jurisdiction of that name; duplicates are a violation of their own. */
  public Optional<Jurisdiction> jurisdiction(String name) {
    return jurisdictions.stream()
        .map(Declared::object)
        .filter(j -> Objects.equals(j.getMetadata().getName(), name))
        .findFirst();
  }

  public Optional<DataStore> dataStore(String name) {
    return dataStores.stream()
        .map(Declared::object)
        .filter(d -> Objects.equals(d.getMetadata().getName(), name))
        .findFirst();
  }

  public Optional<TenantCluster> tenantCluster(String namespace, String name) {
    return tenantClusters.stream()
        .map(Declared::object)
        .filter(t -> Objects.equals(t.getMetadata().getNamespace(), namespace))
        .filter(t -> Objects.equals(t.getMetadata().getName(), name))
        .findFirst();
  }

  public int size() {
    return jurisdictions.size() + dataStores.size() + tenantClusters.size() + accessGrants.size();
  }
}
