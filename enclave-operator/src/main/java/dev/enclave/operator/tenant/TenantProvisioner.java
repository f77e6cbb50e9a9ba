package dev.enclave.operator.tenant;

import dev.enclave.api.v1alpha1.EnclaveApi;
import dev.enclave.api.v1alpha1.TenantCluster;
import dev.enclave.core.model.Platform;
import dev.enclave.operator.host.HostObjects;
import dev.enclave.operator.host.Outcome;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The reconcile steps of a served, compliant tenant: the Namespace first, the key-material Secrets
 * right after it so the control plane never starts without them, then the tenant's share of its
 * shared DataStore, the namespace's configuration, and the workloads last. The control-plane
 * StatefulSet waits until the store share exists.
 */
final class TenantProvisioner {
  /** Kinds that run pods: written last, one at a time, once their namespace is configured. */
  private static final Set<Class<?>> WORKLOADS =
      Set.of(StatefulSet.class, Deployment.class, DaemonSet.class, Job.class, Pod.class);
  /** Host writes in flight at once, across every reconcile of this operator. */
  static final int PARALLEL_WRITES = 4;

  private static final ExecutorService writers =
      Executors.newFixedThreadPool(
          PARALLEL_WRITES,
          runnable -> {
            Thread thread = new Thread(runnable, "host-writer");
            thread.setDaemon(true);
            return thread;
          });
  private final ControlPlaneRenderer renderer;
  private final Monitoring monitoring;
  private final BackupAccess backupAccess;
  private final TenantSecrets secrets;
  private final TenantDataStores dataStores;

  /** What one provisioning pass did, and the state of the tenant's shared store (if it has one). */
  record Result(Map<Outcome, Integer> outcomes, Optional<TenantDataStores.State> dataStore) {}

  TenantProvisioner(
      ControlPlaneRenderer renderer,
      Monitoring monitoring,
      BackupAccess backupAccess,
      TenantSecrets secrets,
      TenantDataStores dataStores) {
    this.backupAccess = backupAccess;
    this.renderer = renderer;
    this.monitoring = monitoring;
    this.secrets = secrets;
    this.dataStores = dataStores;
  }

  /**
   * Applies every host object; returns how many were created, updated and left unchanged. The
   * Namespace comes first and the key material right after it, one request at a time; then the
   * objects that configure the namespace (ServiceAccounts, policies, ConfigMaps, Services) several
   * at a time, as nothing orders them against each other; then the bindings, which may name those
   * ServiceAccounts; and only once all of these are written the workloads, in the builder's order,
   * so no pod ever starts without its network policies, quotas and configuration in place.
   */
  Result provision(TenantCluster tenant, Platform platform, HostObjects host) {
    List<HasMetadata> desired =
        backupAccess.addTo(tenant, monitoring.addTo(tenant, renderer.render(platform, tenant)));
    ResourceID owner = ResourceID.fromResource(tenant);
    Map<Outcome, Integer> outcomes = new EnumMap<>(Outcome.class);
    List<HasMetadata> configuration = new ArrayList<>();
    List<HasMetadata> bindings = new ArrayList<>();
    List<HasMetadata> workloads = new ArrayList<>();
    for (HasMetadata object : desired) {
      if (object instanceof Namespace) {
        count(outcomes, host.apply(owner, object));
      } else if (WORKLOADS.contains(object.getClass())) {
        workloads.add(object);
      } else if (object instanceof RoleBinding || object instanceof ClusterRoleBinding) {
        bindings.add(object);
      } else {
        configuration.add(object);
      }
    }
    Optional<TenantDataStores.State> store = keyMaterialAndStore(tenant, platform, host, outcomes);
    applyAll(owner, configuration, host, outcomes);
    applyAll(owner, bindings, host, outcomes);
    for (HasMetadata object : workloads) {
      if (object instanceof StatefulSet && store.isPresent() && !store.get().ready()) {
        continue; // its pods would wait for the store's credentials Secret
      }
      count(outcomes, host.apply(owner, object));
    }
    host.prune(ownedBy(tenant), desired, HostKinds.pruned()).forEach(o -> count(outcomes, o));
    return new Result(outcomes, store);
  }

  /**
   * Applies independent objects on the shared writer pool and waits for all of them; the first
   * failure is thrown once every write has finished, so a retry starts from a settled cache.
   */
  private void applyAll(
      ResourceID owner, List<HasMetadata> objects, HostObjects host, Map<Outcome, Integer> outcomes) {
    List<Future<Outcome>> writes = new ArrayList<>();
    for (HasMetadata object : objects) {
      writes.add(writers.submit(() -> host.apply(owner, object)));
    }
    RuntimeException failure = null;
    for (Future<Outcome> write : writes) {
      try {
        count(outcomes, write.get());
      } catch (ExecutionException e) {
        if (failure == null) {
          failure =
              e.getCause() instanceof RuntimeException runtime
                  ? runtime
                  : new IllegalStateException(e.getCause());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while writing host objects", e);
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  private Optional<TenantDataStores.State> keyMaterialAndStore(
      TenantCluster tenant, Platform platform, HostObjects host, Map<Outcome, Integer> outcomes) {
    secrets.ensure(tenant, OwnerLabels.of(tenant), host).forEach(o -> count(outcomes, o));
    List<Outcome> written = new ArrayList<>();
    Optional<TenantDataStores.State> store = dataStores.ensure(tenant, platform, host, written);
    written.forEach(o -> count(outcomes, o));
    return store;
  }

  /** The labels that make a host object this tenant's (its jurisdiction may have changed). */
  private static Map<String, String> ownedBy(TenantCluster tenant) {
    Map<String, String> labels = new TreeMap<>(OwnerLabels.of(tenant));
    labels.remove(EnclaveApi.JURISDICTION_LABEL);
    return labels;
  }

  private static void count(Map<Outcome, Integer> outcomes, Outcome outcome) {
    outcomes.merge(outcome, 1, Integer::sum);
  }
}
