package dev.enclave.operator.platform;

import dev.enclave.api.v1alpha1.TenantCluster;
import dev.enclave.api.v1alpha1.TenantClusterSpec;
import dev.enclave.core.controlplane.HostNames;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import java.util.List;
import java.util.function.Function;

/** Indexes over cached TenantClusters, so no reconcile ever scans every tenant. */
public final class PlatformIndexes {
  public static final String BY_JURISDICTION = "byJurisdiction";
  public static final String BY_DATA_STORE = "byDataStore";
  public static final String BY_HOST_NAMESPACE = "byHostNamespace";

  private PlatformIndexes() {}

  /** Adds all three indexes; call before the cache's informer starts. */
  public static void addTo(IndexerResourceCache<TenantCluster> tenants) {
    tenants.addIndexer(BY_JURISDICTION, PlatformIndexes::jurisdiction);
    tenants.addIndexer(BY_DATA_STORE, PlatformIndexes::dataStore);
    tenants.addIndexer(BY_HOST_NAMESPACE, t -> List.of(HostNames.hostNamespace(t)));
  }

  public static List<String> jurisdiction(TenantCluster tenant) {
    return listOf(tenant, TenantClusterSpec::getJurisdiction);
  }

  public static List<String> dataStore(TenantCluster tenant) {
    return listOf(tenant, s -> s.getDataStore() == null ? null : s.getDataStore().getRef());
  }

  /** {@code namespace/name}, the way status lists name tenant clusters. */
  public static String key(TenantCluster tenant) {
    return tenant.getMetadata().getNamespace() + "/" + tenant.getMetadata().getName();
  }

  private static List<String> listOf(
      TenantCluster tenant, Function<TenantClusterSpec, String> field) {
    if (tenant.getSpec() == null) {
      return List.of();
    }
    String value = field.apply(tenant.getSpec());
    return value == null || value.isBlank() ? List.of() : List.of(value);
  }
}
