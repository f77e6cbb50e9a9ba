package dev.enclave.operator.platform;

import dev.enclave.api.v1alpha1.DataStore;
import dev.enclave.api.v1alpha1.Jurisdiction;
import dev.enclave.api.v1alpha1.TenantCluster;
import dev.enclave.core.controlplane.HostNames;
import dev.enclave.core.model.Declared;
import dev.enclave.core.model.Platform;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.IndexedResourceCache;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.Cache;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The declared platform as the operator's informer caches hold it. A tenant is judged against every
 * Jurisdiction and DataStore (a handful) and only the tenants that could collide with it, so a
 * reconcile costs the same with ten tenants or ten thousand.
 */
public final class CachedPlatform {
  private static final Comparator<HasMetadata> BY_ID =
      Comparator.comparing((HasMetadata o) -> String.valueOf(o.getMetadata().getNamespace()))
          .thenComparing(o -> o.getMetadata().getName());

  private final Cache<Jurisdiction> jurisdictions;
  private final Cache<DataStore> dataStores;
  private final IndexedResourceCache<TenantCluster> tenants;

  public CachedPlatform(
      Cache<Jurisdiction> jurisdictions,
      Cache<DataStore> dataStores,
      IndexedResourceCache<TenantCluster> tenants) {
    this.jurisdictions = jurisdictions;
    this.dataStores = dataStores;
    this.tenants = tenants;
  }

  /** What the rules need to judge {@code tenant}: the tenant as given, never its cached copy. */
  public Platform around(TenantCluster tenant) {
    Stream<TenantCluster> neighbours =
        tenants.byIndex(PlatformIndexes.BY_HOST_NAMESPACE, HostNames.hostNamespace(tenant)).stream()
            .filter(other -> !ResourceID.fromResource(other).isSameResource(tenant));
    List<TenantCluster> relevant =
        Stream.concat(Stream.of(tenant), neighbours).sorted(BY_ID).toList();
    return new Platform(
        declared(jurisdictions.list()),
        declared(dataStores.list()),
        declared(relevant.stream()),
        List.of());
  }

  public Optional<Jurisdiction> jurisdiction(String name) {
    return name == null ? Optional.empty() : jurisdictions.get(new ResourceID(name));
  }

  public Optional<DataStore> dataStore(String name) {
    return name == null ? Optional.empty() : dataStores.get(new ResourceID(name));
  }

  private static <T extends HasMetadata> List<Declared<T>> declared(Stream<T> objects) {
    return objects.sorted(BY_ID).map(Declared::live).toList();
  }
}
