package dev.enclave.operator.tenant;

import dev.enclave.api.v1alpha1.DataStore;
import dev.enclave.api.v1alpha1.Jurisdiction;
import dev.enclave.api.v1alpha1.TenantCluster;
import dev.enclave.operator.platform.PlatformIndexes;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.PrimaryToSecondaryMapper;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Jurisdictions and DataStores as secondary sources of the TenantCluster controller: a spec change
 * re-evaluates exactly the tenants that name it, found through an index of the tenant cache.
 */
final class CatalogSources {
  private CatalogSources() {}

  static InformerEventSource<Jurisdiction, TenantCluster> jurisdictions(
      EventSourceContext<TenantCluster> context, String index) {
    var config =
        InformerEventSourceConfiguration.from(Jurisdiction.class, TenantCluster.class)
            .withName("jurisdictions")
            .withSecondaryToPrimaryMapper((Jurisdiction j) -> tenantsNaming(context, index, j))
            .withPrimaryToSecondaryMapper(named(PlatformIndexes::jurisdiction))
            .withOnUpdateFilter(
                (Jurisdiction n, Jurisdiction o) -> !Objects.equals(n.getSpec(), o.getSpec()))
            .build();
    return new InformerEventSource<>(config, context);
  }

  static InformerEventSource<DataStore, TenantCluster> dataStores(
      EventSourceContext<TenantCluster> context, String index) {
    var config =
        InformerEventSourceConfiguration.from(DataStore.class, TenantCluster.class)
            .withName("datastores")
            .withSecondaryToPrimaryMapper((DataStore d) -> tenantsNaming(context, index, d))
            .withPrimaryToSecondaryMapper(named(PlatformIndexes::dataStore))
            .withOnUpdateFilter(
                (DataStore n, DataStore o) -> !Objects.equals(n.getSpec(), o.getSpec()))
            .build();
    return new InformerEventSource<>(config, context);
  }

  private static Set<ResourceID> tenantsNaming(
      EventSourceContext<TenantCluster> context, String index, HasMetadata named) {
    return context.getPrimaryCache().byIndex(index, named.getMetadata().getName()).stream()
        .map(ResourceID::fromResource)
        .collect(Collectors.toSet());
  }

  private static PrimaryToSecondaryMapper<TenantCluster> named(
      Function<TenantCluster, List<String>> reference) {
    return tenant ->
        reference.apply(tenant).stream().map(ResourceID::new).collect(Collectors.toSet());
  }
}
