package dev.enclave.operator.tenant;

import dev.enclave.api.v1alpha1.TenantCluster;
import dev.enclave.core.controlplane.HostNames;
import dev.enclave.datastore.DataStoreException;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes a deleted tenant from the host: deletes its syncer's ClusterRoleBinding and its host
 * namespace (everything in it goes with it) and keeps the finalizer until the namespace is gone.
 * Reads the server, not a cache, and deletes only a namespace that carries this tenant's labels.
 * Once the namespace is gone the tenant's share of a shared DataStore is removed too; while that
 * fails (the store does not answer) the finalizer stays. A tenant that moved to another host
 * ({@link TenantMigration#movedAway}) keeps its share: its control plane there uses it.
 */
final class TenantTeardown {
  static final Duration RECHECK = Duration.ofSeconds(2);
  private static final Logger LOG = LoggerFactory.getLogger(TenantTeardown.class);

  private final KubernetesClient client;
  private final TenantDataStores dataStores;

  TenantTeardown(KubernetesClient client, TenantDataStores dataStores) {
    this.client = client;
    this.dataStores = dataStores;
  }

  DeleteControl run(TenantCluster tenant) {
    deleteNodesBinding(tenant);
    String name = HostNames.hostNamespace(tenant);
    Namespace namespace = client.namespaces().withName(name).get();
    if (namespace == null) {
      return removeFromDataStore(tenant);
    }
    if (!TenantLabels.ownedBy(namespace, ResourceID.fromResource(tenant))) {
      LOG.warn(
          "namespace {} is not labelled as {}'s; left in place",
          name,
          ResourceID.fromResource(tenant));
      return DeleteControl.defaultDelete();
    }
    if (namespace.getMetadata().getDeletionTimestamp() == null) {
      client.namespaces().withName(name).delete();
      LOG.info("deleting host namespace {} of {}", name, ResourceID.fromResource(tenant));
    }
    if (client.namespaces().withName(name).get() == null) {
      return removeFromDataStore(tenant);
    }
    return DeleteControl.noFinalizerRemoval().rescheduleAfter(RECHECK.toMillis());
  }

  /** The control plane is gone, so nothing writes to the store any more: remove its share. */
  private DeleteControl removeFromDataStore(TenantCluster tenant) {
    if (TenantMigration.movedAway(tenant)) {
      LOG.info("{} moved to another host: its share of the data store is left to it", ResourceID.fromResource(tenant));
      return DeleteControl.defaultDelete();
    }
    try {
      dataStores.remove(tenant);
      return DeleteControl.defaultDelete();
    } catch (DataStoreException e) {
      LOG.warn("{}: {}; trying again", ResourceID.fromResource(tenant), e.getMessage());
      return DeleteControl.noFinalizerRemoval().rescheduleAfter(RECHECK.multipliedBy(5).toMillis());
    }
  }

  /** The syncer's ClusterRoleBinding is cluster-scoped, so the namespace does not take it along. */
  private void deleteNodesBinding(TenantCluster tenant) {
    String name = HostNames.syncerNodesClusterRoleBinding(tenant);
    var binding = client.rbac().clusterRoleBindings().withName(name).get();
    if (binding != null && TenantLabels.ownedBy(binding, ResourceID.fromResource(tenant))) {
      client.rbac().clusterRoleBindings().withName(name).delete();
      LOG.info("deleted ClusterRoleBinding {} of {}", name, ResourceID.fromResource(tenant));
    }
  }
}
