package dev.enclave.operator.drift;

import dev.enclave.api.v1alpha1.FieldViolation;
import dev.enclave.api.v1alpha1.Jurisdiction;
import dev.enclave.api.v1alpha1.TenantCluster;
import dev.enclave.core.drift.DriftDetector;
import dev.enclave.core.observed.DriftFinding;
import dev.enclave.operator.ops.DriftMetrics;
import dev.enclave.operator.status.Conditions;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Drift detection in the reconcile loop: detects from the informer caches, raises an Event and
 * counts a detection once per new finding (a finding already outstanding, in memory or in the
 * tenant's status, is not new), and keeps the per-tenant gauge current.
 */
public final class DriftWatch {
  /** The reason of {@code Compliant=False} when drift is found. */
  public static final String DRIFT_DETECTED = DriftEvents.REASON;

  private final CachedHostFacts facts;
  private final DriftEvents events;
  private final DriftMetrics metrics;
  private final Map<ResourceID, Set<String>> outstanding = new ConcurrentHashMap<>();

  public DriftWatch(
      DriftInformers informers, KubernetesClient client, Clock clock, DriftMetrics metrics) {
    this.facts = new CachedHostFacts(informers);
    this.events = new DriftEvents(client, clock);
    this.metrics = metrics;
  }

  /** What drifted right now, read from the caches. */
  public List<DriftFinding> detect(
      TenantCluster tenant, Jurisdiction jurisdiction, Optional<ConfigMap> auditWebhook) {
    return DriftDetector.detect(tenant, jurisdiction, facts.of(tenant, auditWebhook));
  }

  /**
   * Reports one reconcile: {@code seen} before host objects were repaired, {@code remaining} after.
   * Findings the repair fixed still get their Event, so a hand edit leaves a trace.
   */
  public void report(TenantCluster tenant, List<DriftFinding> seen, List<DriftFinding> remaining) {
    ResourceID id = ResourceID.fromResource(tenant);
    Set<String> known = outstanding.computeIfAbsent(id, k -> fromStatus(tenant));
    String jurisdiction = tenant.getSpec().getJurisdiction();
    for (DriftFinding finding : seen) {
      if (!known.contains(finding.describe())) {
        events.raise(tenant, finding);
        metrics.detected(jurisdiction, key(tenant));
      }
    }
    outstanding.put(id, remaining.stream().map(DriftFinding::describe).collect(Collectors.toSet()));
    metrics.findings(jurisdiction, key(tenant), remaining.size());
  }

  /** Forgets a deleted tenant. */
  public void forget(TenantCluster tenant) {
    outstanding.remove(ResourceID.fromResource(tenant));
    metrics.forget(key(tenant));
  }

  /** A finding as status.violations shows it: field {@code OBJECT: FIELD}, and the message. */
  public static FieldViolation toViolation(DriftFinding finding) {
    FieldViolation violation = new FieldViolation();
    violation.setField(finding.object() + ": " + finding.field());
    violation.setMessage(finding.message());
    return violation;
  }

  /** After a restart, drift already in status is not new: no second Event for it. */
  private static Set<String> fromStatus(TenantCluster tenant) {
    if (tenant.getStatus() == null
        || Conditions.find(tenant.getStatus().getConditions(), "Compliant")
            .filter(c -> DRIFT_DETECTED.equals(c.getReason()))
            .isEmpty()) {
      return Set.of();
    }
    return tenant.getStatus().getViolations().stream()
        .map(v -> v.getField() + ": " + v.getMessage())
        .collect(Collectors.toSet());
  }

  private static String key(TenantCluster tenant) {
    return tenant.getMetadata().getNamespace() + "/" + tenant.getMetadata().getName();
  }
}
