package dev.enclave.operator.platform;

import dev.enclave.api.v1alpha1.DataStore;
import dev.enclave.operator.status.StatusPatch;
import dev.enclave.api.v1alpha1.DataStoreStatus;
import dev.enclave.api.v1alpha1.Jurisdiction;
import dev.enclave.core.compliance.ComplianceRules;
import dev.enclave.core.compliance.Violation;
import dev.enclave.core.model.Declared;
import dev.enclave.core.model.Platform;
import dev.enclave.operator.ops.TenantCensus;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.IndexedResourceCache;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Reports a DataStore's own violations ({@code Valid}) and the tenant clusters using it. */
public final class DataStoreReconciler implements Reconciler<DataStore> {
  public static final String NAME = "datastore";
  private static final String BY_JURISDICTION = "byJurisdiction";
  private static final Comparator<HasMetadata> BY_NAME =
      Comparator.comparing(o -> o.getMetadata().getName());

  private final Clock clock;
  private final TenantCensus census;
  private TenantReferences<DataStore> tenants;
  private IndexedResourceCache<DataStore> dataStores;
  private InformerEventSource<Jurisdiction, DataStore> jurisdictions;

  public DataStoreReconciler(Clock clock, TenantCensus census) {
    this.clock = clock;
    this.census = census;
  }

  @Override
  public List<EventSource<?, DataStore>> prepareEventSources(
      EventSourceContext<DataStore> context) {
    dataStores = context.getPrimaryCache();
    context.getPrimaryCache().addIndexer(BY_JURISDICTION, DataStoreReconciler::jurisdictionOf);
    tenants = new TenantReferences<>(context, DataStore.class, PlatformIndexes::dataStore);
    var config =
        InformerEventSourceConfiguration.from(Jurisdiction.class, DataStore.class)
            .withName("jurisdictions")
            .withSecondaryToPrimaryMapper(
                (Jurisdiction j) ->
                    dataStores.byIndex(BY_JURISDICTION, j.getMetadata().getName()).stream()
                        .map(ResourceID::fromResource)
                        .collect(Collectors.toSet()))
            .withOnUpdateFilter(
                (Jurisdiction n, Jurisdiction o) -> !Objects.equals(n.getSpec(), o.getSpec()))
            .build();
    jurisdictions = new InformerEventSource<>(config, context);
    return List.of(tenants.source(), jurisdictions);
  }

  @Override
  public UpdateControl<DataStore> reconcile(DataStore dataStore, Context<DataStore> context) {
    List<Violation> violations =
        ComplianceRules.forObject(ComplianceRules.evaluate(platform()), dataStore);
    DataStoreStatus previous = dataStore.getStatus();
    DataStoreStatus status = new DataStoreStatus();
    status.setObservedGeneration(dataStore.getMetadata().getGeneration());
    status.setConditions(
        Validity.conditions(
            previous == null ? null : previous.getConditions(),
            violations,
            dataStore.getMetadata().getGeneration(),
            clock));
    status.setUsedBy(tenants.naming(dataStore.getMetadata().getName()));
    status.setViolations(Validity.fieldViolations(violations));
    census.record(DataStore.KIND, dataStore.getMetadata().getName(), null, null, violations.size());
    if (status.equals(previous)) {
      return UpdateControl.noUpdate();
    }
    return UpdateControl.patchStatus(StatusPatch.of(dataStore, status));
  }

  private Platform platform() {
    return new Platform(
        declared(jurisdictions.list()), declared(dataStores.list()), List.of(), List.of());
  }

  private static <T extends HasMetadata> List<Declared<T>> declared(Stream<T> objects) {
    return objects.sorted(BY_NAME).map(Declared::live).toList();
  }

  private static List<String> jurisdictionOf(DataStore dataStore) {
    return dataStore.getSpec() == null || dataStore.getSpec().getJurisdiction() == null
        ? List.of()
        : List.of(dataStore.getSpec().getJurisdiction());
  }
}
