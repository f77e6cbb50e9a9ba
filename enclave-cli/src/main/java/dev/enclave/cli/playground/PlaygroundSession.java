package dev.enclave.cli.playground;

import dev.enclave.api.v1alpha1.Jurisdiction;
import dev.enclave.core.model.Declared;
import dev.enclave.core.model.Platform;
import dev.enclave.core.pki.ClientKeyAlgorithm;
import dev.enclave.operator.tenant.KubeconfigTenantApiClients;
import dev.enclave.operator.tenant.TenantApiClients;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.File;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The host clusters, operators and simulated tenant clusters of one playground run, closed
 * together: tenant syncers first, then operators, then hosts.
 */
final class PlaygroundSession implements AutoCloseable {
  private final List<HostTarget> targets = new ArrayList<>();
  private final List<SimulatedHost> simulated = new ArrayList<>();
  private final List<AutoCloseable> operators = new ArrayList<>();
  private final List<KubernetesClient> ownClients = new ArrayList<>();
  private SimulatedTenants tenants;
  private final SimulatedTenantApis tenantApis = new SimulatedTenantApis();
  private final AtomicBoolean closed = new AtomicBoolean();

  private PlaygroundSession() {}

  /** One simulated host per declared jurisdiction (the first declaration of each name). */
  static PlaygroundSession simulated(Platform platform, int nodes, Clock clock) {
    PlaygroundSession session = new PlaygroundSession();
    try {
      Set<String> started = new LinkedHashSet<>();
      for (Declared<Jurisdiction> declared : platform.jurisdictions()) {
        if (started.add(declared.name())) {
          SimulatedHost host = SimulatedHost.start(declared.object(), nodes, clock);
          session.simulated.add(host);
          session.targets.add(
              new HostTarget(host.name(), host.client(), Set.of(host.jurisdiction())));
        }
      }
      return session;
    } catch (RuntimeException e) {
      session.close();
      throw e;
    }
  }

  /** A real cluster from a kubeconfig file, serving the given jurisdictions. */
  static PlaygroundSession real(File kubeconfig, String context, Set<String> jurisdictions) {
    Config config = Config.fromKubeconfig(context, kubeconfig);
    ClientKeyAlgorithm.detect(config);
    KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build();
    PlaygroundSession session = new PlaygroundSession();
    session.ownClients.add(client);
    String name =
        context != null
            ? context
            : config.getCurrentContext() == null ? "cluster" : config.getCurrentContext().getName();
    session.targets.add(new HostTarget(name, client, jurisdictions));
    return session;
  }

  /**
   * Starts one operator per host, for the jurisdictions that host serves. On simulated hosts the
   * operators reach the simulated tenant servers; on a real cluster, each tenant's API through its
   * admin kubeconfig.
   */
  void startOperators(OperatorStarter starter) {
    for (HostTarget target : targets) {
      TenantApiClients apis = isSimulated() ? tenantApis : new KubeconfigTenantApiClients();
      operators.add(starter.start(target.client(), target.jurisdictions(), apis));
    }
  }

  /**
   * On simulated hosts, an API server per compliant applied tenant cluster (its syncer starts once
   * the tenant is Ready, see {@link #syncReady}); a real cluster gets none.
   */
  void startTenants(Platform platform, Map<String, String> notApplied) {
    try {
      if (isSimulated()) {
        tenants = SimulatedTenants.start(platform, simulated, notApplied);
      }
    } finally {
      tenantApis.started(tenants);
    }
  }

  /** Starts the syncers of the tenants these rows show Ready. */
  void syncReady(List<TenantRow> rows) {
    if (tenants != null) {
      tenants.syncReady(rows);
    }
  }

  /** Context name to URL of each simulated tenant API server. */
  Map<String, String> tenantUrls() {
    return tenants == null ? Map.of() : tenants.urls();
  }

  /** Context name of each simulated tenant cluster to the host it runs on. */
  Map<String, String> tenantHosts() {
    return tenants == null ? Map.of() : tenants.hosts();
  }

  List<HostTarget> targets() {
    return Collections.unmodifiableList(targets);
  }

  boolean isSimulated() {
    return !simulated.isEmpty();
  }

  /** Host name to URL of each simulated host, for the kubeconfig. */
  Map<String, String> urls() {
    Map<String, String> urls = new LinkedHashMap<>();
    simulated.forEach(h -> urls.put(h.name(), h.url()));
    return urls;
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    tenantApis.started(null);
    if (tenants != null) {
      quietly(tenants);
    }
    for (int i = operators.size() - 1; i >= 0; i--) {
      quietly(operators.get(i));
    }
    simulated.forEach(PlaygroundSession::quietly);
    ownClients.forEach(PlaygroundSession::quietly);
  }

  private static void quietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception e) {
      // shutting down: nothing useful to do with it
    }
  }
}
