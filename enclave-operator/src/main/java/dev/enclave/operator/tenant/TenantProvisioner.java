package dev.enclave.operator.tenant;

import dev.enclave.api.v1alpha1.TenantCluster;
import dev.enclave.core.model.Platform;
import dev.enclave.operator.host.HostObjects;
import dev.enclave.operator.host.Outcome;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The reconcile steps of a served, compliant tenant: one step per host object in the builder's
 * order (Namespace first), the key-material Secrets right after the Namespace so the control plane
 * never starts without them, then the tenant's share of its shared DataStore. The control-plane
 * StatefulSet waits until that share exists.
 */
final class TenantProvisioner {
  private final ControlPlaneRenderer renderer;
  private final Monitoring monitoring;
  private final TenantSecrets secrets;
  private final TenantDataStores dataStores;

  /** What one provisioning pass did, and the state of the tenant's shared store (if it has one). */
  record Result(Map<Outcome, Integer> outcomes, Optional<TenantDataStores.State> dataStore) {}

  TenantProvisioner(
      ControlPlaneRenderer renderer, Monitoring monitoring, TenantSecrets secrets, TenantDataStores dataStores) {
    this.renderer = renderer;
    this.monitoring = monitoring;
    this.secrets = secrets;
    this.dataStores = dataStores;
  }

  /** Applies every host object; returns how many were created, updated and left unchanged. */
  Result provision(TenantCluster tenant, Platform platform, HostObjects host) {
    List<HasMetadata> desired = monitoring.addTo(tenant, renderer.render(platform, tenant));
    ResourceID owner = ResourceID.fromResource(tenant);
    Map<Outcome, Integer> outcomes = new EnumMap<>(Outcome.class);
    Optional<TenantDataStores.State> store = Optional.empty();
    boolean secretsDone = false;
    for (HasMetadata object : desired) {
      if (!secretsDone && !(object instanceof Namespace)) {
        store = keyMaterialAndStore(tenant, platform, host, outcomes);
        secretsDone = true;
      }
      if (object instanceof StatefulSet && store.isPresent() && !store.get().ready()) {
        continue; // its pods would wait for the store's credentials Secret
      }
      count(outcomes, host.apply(owner, object));
    }
    if (!secretsDone) {
      store = keyMaterialAndStore(tenant, platform, host, outcomes);
    }
    return new Result(outcomes, store);
  }

  private Optional<TenantDataStores.State> keyMaterialAndStore(
      TenantCluster tenant, Platform platform, HostObjects host, Map<Outcome, Integer> outcomes) {
    secrets.ensure(tenant, OwnerLabels.of(tenant), host).forEach(o -> count(outcomes, o));
    List<Outcome> written = new ArrayList<>();
    Optional<TenantDataStores.State> store = dataStores.ensure(tenant, platform, host, written);
    written.forEach(o -> count(outcomes, o));
    return store;
  }

  private static void count(Map<Outcome, Integer> outcomes, Outcome outcome) {
    outcomes.merge(outcome, 1, Integer::sum);
  }
}
