package dev.enclave.operator.tenant;

import dev.enclave.api.v1alpha1.TenantCluster;
import dev.enclave.core.model.Platform;
import dev.enclave.operator.host.HostObjects;
import dev.enclave.operator.host.Outcome;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The reconcile steps of a served, compliant tenant: one step per host object in the builder's
 * order (Namespace first), the key-material Secrets right after the Namespace so the control plane
 * never starts without them.
 */
final class TenantProvisioner {
  private final ControlPlaneRenderer renderer;
  private final Monitoring monitoring;
  private final TenantSecrets secrets;

  TenantProvisioner(ControlPlaneRenderer renderer, Monitoring monitoring, TenantSecrets secrets) {
    this.renderer = renderer;
    this.monitoring = monitoring;
    this.secrets = secrets;
  }

  /** Applies every host object; returns how many were created, updated and left unchanged. */
  Map<Outcome, Integer> provision(TenantCluster tenant, Platform platform, HostObjects host) {
    List<HasMetadata> desired = monitoring.addTo(tenant, renderer.render(platform, tenant));
    ResourceID owner = ResourceID.fromResource(tenant);
    Map<Outcome, Integer> outcomes = new EnumMap<>(Outcome.class);
    boolean secretsDone = false;
    for (HasMetadata object : desired) {
      count(outcomes, host.apply(owner, object));
      if (object instanceof Namespace) {
        secrets.ensure(tenant, OwnerLabels.of(tenant), host).forEach(o -> count(outcomes, o));
        secretsDone = true;
      }
    }
    if (!secretsDone) {
      secrets.ensure(tenant, OwnerLabels.of(tenant), host).forEach(o -> count(outcomes, o));
    }
    return outcomes;
  }

  private static void count(Map<Outcome, Integer> outcomes, Outcome outcome) {
    outcomes.merge(outcome, 1, Integer::sum);
  }
}
