package dev.enclave.operator.drift;

import dev.enclave.api.v1alpha1.TenantCluster;
import dev.enclave.core.observed.DriftFinding;
import dev.enclave.operator.status.TenantEvents;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;

/**
 * Writes one Warning Event with reason {@code DriftDetected} on a TenantCluster per new finding. A
 * refused or failed write is logged, never fails the reconcile: the finding is in status anyway.
 */
final class DriftEvents {
  static final String REASON = "DriftDetected";

  private final TenantEvents events;

  DriftEvents(KubernetesClient client, Clock clock) {
    this.events = new TenantEvents(client, clock);
  }

  void raise(TenantCluster tenant, DriftFinding finding) {
    events.warning(tenant, REASON, finding.describe());
  }
}
