package dev.enclave.operator.platform;

import dev.enclave.api.v1alpha1.Jurisdiction;
import dev.enclave.operator.status.StatusPatch;
import dev.enclave.api.v1alpha1.JurisdictionStatus;
import dev.enclave.core.compliance.ComplianceRules;
import dev.enclave.core.compliance.Violation;
import dev.enclave.core.model.Declared;
import dev.enclave.core.model.Platform;
import dev.enclave.operator.ops.TenantCensus;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.IndexedResourceCache;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;

/**
 * Reports a Jurisdiction's own violations ({@code Valid}) and the tenant clusters placed in it.
 * Re-evaluating those tenants when the Jurisdiction changes is the TenantCluster controller's job.
 */
public final class JurisdictionReconciler implements Reconciler<Jurisdiction> {
  public static final String NAME = "jurisdiction";

  private final Clock clock;
  private final TenantCensus census;
  private TenantReferences<Jurisdiction> tenants;
  private IndexedResourceCache<Jurisdiction> jurisdictions;

  public JurisdictionReconciler(Clock clock, TenantCensus census) {
    this.clock = clock;
    this.census = census;
  }

  @Override
  public List<EventSource<?, Jurisdiction>> prepareEventSources(
      EventSourceContext<Jurisdiction> context) {
    jurisdictions = context.getPrimaryCache();
    tenants = new TenantReferences<>(context, Jurisdiction.class, PlatformIndexes::jurisdiction);
    return List.of(tenants.source());
  }

  @Override
  public UpdateControl<Jurisdiction> reconcile(Jurisdiction jurisdiction, Context<Jurisdiction> c) {
    List<Violation> violations =
        ComplianceRules.forObject(ComplianceRules.evaluate(platform()), jurisdiction);
    JurisdictionStatus previous = jurisdiction.getStatus();
    JurisdictionStatus status = new JurisdictionStatus();
    status.setObservedGeneration(jurisdiction.getMetadata().getGeneration());
    status.setConditions(
        Validity.conditions(
            previous == null ? null : previous.getConditions(),
            violations,
            jurisdiction.getMetadata().getGeneration(),
            clock));
    status.setTenantClusters(tenants.naming(jurisdiction.getMetadata().getName()));
    status.setViolations(Validity.fieldViolations(violations));
    census.record(
        Jurisdiction.KIND, jurisdiction.getMetadata().getName(), null, null, violations.size());
    if (status.equals(previous)) {
      return UpdateControl.noUpdate();
    }
    return UpdateControl.patchStatus(StatusPatch.of(jurisdiction, status));
  }

  /** Jurisdiction rules look at jurisdictions only (names, placement overlaps, destinations). */
  private Platform platform() {
    List<Declared<Jurisdiction>> all =
        jurisdictions
            .list()
            .sorted(Comparator.comparing(j -> j.getMetadata().getName()))
            .map(Declared::live)
            .toList();
    return new Platform(all, List.of(), List.of(), List.of());
  }
}
