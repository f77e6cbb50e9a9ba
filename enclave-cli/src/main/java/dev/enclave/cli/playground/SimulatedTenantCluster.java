package dev.enclave.cli.playground;

import dev.enclave.core.sync.SyncPolicy;
import dev.enclave.syncer.Syncer;
import dev.enclave.syncer.SyncerOptions;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;

/**
 * One tenant cluster's API server in the playground: a CRUD mock with discovery, as the simulated
 * hosts have, and once the tenant is Ready its syncer, running in this process against the host's
 * API with its own client. Closing stops the syncer before the server.
 */
final class SimulatedTenantCluster implements AutoCloseable {
  private final String namespace;
  private final String name;
  private final KubernetesMockServer server;
  private final KubernetesClient client;
  private final ScheduledExecutorService housekeeping;
  private KubernetesClient syncerHostClient;
  private Syncer syncer;
  private boolean closed;

  private SimulatedTenantCluster(
      String namespace,
      String name,
      KubernetesMockServer server,
      KubernetesClient client,
      ScheduledExecutorService housekeeping) {
    this.namespace = namespace;
    this.name = name;
    this.server = server;
    this.client = client;
    this.housekeeping = housekeeping;
  }

  /** Starts the tenant's API server with the namespaces every cluster has. */
  static SimulatedTenantCluster start(String namespace, String name) {
    KubernetesMockServer server = SimulatedHost.startServer(List.of());
    KubernetesClient client = SimulatedHost.clientFor("http://127.0.0.1:" + server.getPort());
    try {
      for (String ns : List.of("default", "kube-system", "kube-public")) {
        client
            .namespaces()
            .resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
            .create();
      }
    } catch (RuntimeException e) {
      client.close();
      server.destroy();
      throw e;
    }
    return new SimulatedTenantCluster(
        namespace, name, server, client, SimulatedHost.housekeeping(server));
  }

  /**
   * Starts the syncer between this tenant and the host at {@code hostUrl}; returns once its caches
   * have synced. Does nothing when it already runs.
   */
  synchronized void startSyncer(String hostUrl, SyncPolicy policy, SyncerOptions options) {
    if (syncer != null || closed) {
      return;
    }
    KubernetesClient host = SimulatedHost.syncerClientFor(hostUrl);
    try {
      syncer = Syncer.start(client, host, policy, options);
      syncerHostClient = host;
    } catch (RuntimeException e) {
      host.close();
      throw e;
    }
  }

  synchronized boolean syncing() {
    return syncer != null;
  }

  /** {@code <namespace>.<name>}: the cluster and context name in the playground kubeconfig. */
  String context() {
    return namespace + "." + name;
  }

  /** {@code <namespace>/<name>}, as the tenant table shows it. */
  String key() {
    return namespace + "/" + name;
  }

  String url() {
    return "http://127.0.0.1:" + server.getPort();
  }

  KubernetesClient client() {
    return client;
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (syncer != null) {
      syncer.close();
      syncerHostClient.close();
      syncer = null;
    }
    housekeeping.shutdownNow();
    client.close();
    server.destroy();
  }
}
