package dev.enclave.operator.platform;

import dev.enclave.api.v1alpha1.TenantCluster;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * TenantClusters as a secondary source of a cluster-scoped catalog object (a Jurisdiction or a
 * DataStore): a tenant that starts or stops naming it triggers its reconcile, and an index lists
 * the tenants naming it without a scan.
 */
final class TenantReferences<P extends HasMetadata> {
  private static final String INDEX = "byReference";

  private final InformerEventSource<TenantCluster, P> informer;

  TenantReferences(
      EventSourceContext<P> context, Class<P> primary, Function<TenantCluster, List<String>> ref) {
    var config =
        InformerEventSourceConfiguration.from(TenantCluster.class, primary)
            .withName("tenantclusters")
            .withSecondaryToPrimaryMapper(
                (TenantCluster t) ->
                    ref.apply(t).stream().map(ResourceID::new).collect(Collectors.toSet()))
            .withOnUpdateFilter(
                (TenantCluster n, TenantCluster o) -> !Objects.equals(ref.apply(n), ref.apply(o)))
            .build();
    informer = new InformerEventSource<>(config, context);
    informer.addIndexers(Map.of(INDEX, ref));
  }

  InformerEventSource<TenantCluster, P> source() {
    return informer;
  }

  /** The tenants naming {@code name}, as sorted {@code namespace/name} keys. */
  List<String> naming(String name) {
    return informer.byIndex(INDEX, name).stream().map(PlatformIndexes::key).sorted().toList();
  }
}
