package dev.enclave.cli.playground;

import dev.enclave.api.v1alpha1.Jurisdiction;
import dev.enclave.api.v1alpha1.TenantCluster;
import dev.enclave.core.compliance.ComplianceRules;
import dev.enclave.core.compliance.Violation;
import dev.enclave.core.controlplane.HostNames;
import dev.enclave.core.model.Declared;
import dev.enclave.core.model.Platform;
import dev.enclave.core.sync.SyncPolicy;
import dev.enclave.syncer.SyncerOptions;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tenant clusters of a simulated playground: an API server for each compliant tenant applied to
 * a simulated host, started with the hosts so its kubeconfig context exists from the start, and its
 * syncer, started in the background once the operator reports the tenant Ready. Pods created in a
 * tenant before then wait, as they would for a control plane that is still coming up.
 */
final class SimulatedTenants implements AutoCloseable {
  /**
   * The tenant DNS address synced pods get when the host allocated none for the tenant's DNS
   * Service: the simulated hosts allocate no cluster IPs. kubeadm gives kube-dns this address.
   */
  static final String SIMULATED_DNS_IP = "10.96.0.10";

  private static final Logger LOG = LoggerFactory.getLogger(SimulatedTenants.class);

  private final Map<String, SimulatedTenantCluster> byKey = new LinkedHashMap<>();
  private final Map<String, Starting> starting = new LinkedHashMap<>();
  private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
  private final ExecutorService starter =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "playground-syncer-start");
            t.setDaemon(true);
            return t;
          });

  /** What a syncer needs to start: its tenant, policy and host. */
  private record Starting(TenantCluster tenant, SyncPolicy policy, SimulatedHost host) {}

  private SimulatedTenants() {}

  /**
   * One tenant API server per tenant cluster that breaks no rule, was applied, and whose
   * jurisdiction has a simulated host.
   */
  static SimulatedTenants start(
      Platform platform, List<SimulatedHost> hosts, Map<String, String> notApplied) {
    SimulatedTenants tenants = new SimulatedTenants();
    try {
      List<Violation> violations = ComplianceRules.evaluate(platform);
      for (Declared<TenantCluster> declared : platform.tenantClusters()) {
        TenantCluster tenant = declared.object();
        String key = declared.namespace() + "/" + declared.name();
        SimulatedHost host = hostOf(hosts, tenant.getSpec().getJurisdiction());
        Jurisdiction jurisdiction = jurisdictionOf(platform, tenant.getSpec().getJurisdiction());
        if (host == null
            || jurisdiction == null
            || notApplied.containsKey(key)
            || tenants.byKey.containsKey(key)
            || !ComplianceRules.forObject(violations, tenant).isEmpty()) {
          continue;
        }
        tenants.byKey.put(key, SimulatedTenantCluster.start(declared.namespace(), declared.name()));
        tenants.starting.put(key, new Starting(tenant, SyncPolicy.of(tenant, jurisdiction), host));
      }
      return tenants;
    } catch (RuntimeException e) {
      tenants.close();
      throw e;
    }
  }

  /** Context name ({@code <namespace>.<name>}) to URL of each tenant API server. */
  Map<String, String> urls() {
    Map<String, String> urls = new LinkedHashMap<>();
    byKey.values().forEach(t -> urls.put(t.context(), t.url()));
    return urls;
  }

  /** The API client of the tenant {@code <namespace>/<name>}, if it has a simulated server. */
  Optional<KubernetesClient> client(String key) {
    return Optional.ofNullable(byKey.get(key)).map(SimulatedTenantCluster::client);
  }

  /** The host each tenant runs on, by context name, for the banner. */
  Map<String, String> hosts() {
    Map<String, String> hosts = new LinkedHashMap<>();
    byKey.forEach((key, t) -> hosts.put(t.context(), starting.get(key).host().name()));
    return hosts;
  }

  /** Starts, in the background, the syncer of each Ready tenant that has none yet. */
  void syncReady(List<TenantRow> rows) {
    for (TenantRow row : rows) {
      SimulatedTenantCluster tenant = byKey.get(row.tenant());
      if (!row.ready() || tenant == null || tenant.syncing() || !inFlight.add(row.tenant())) {
        continue;
      }
      Starting what = starting.get(row.tenant());
      starter.execute(() -> startSyncer(tenant, what));
    }
  }

  private void startSyncer(SimulatedTenantCluster tenant, Starting what) {
    try {
      SyncerOptions options = SyncerOptions.defaults().withTenantEndpoints(null, dnsIp(what));
      tenant.startSyncer(what.host().url(), what.policy(), options);
      LOG.info("syncer of {} started against {}", tenant.key(), what.host().name());
    } catch (RuntimeException e) {
      LOG.warn("syncer of {} did not start, retrying: {}", tenant.key(), e.toString());
    } finally {
      inFlight.remove(tenant.key());
    }
  }

  /** The cluster IP of the tenant's DNS Service on its host, or the simulated default. */
  private static String dnsIp(Starting what) {
    Service dns =
        what.host()
            .client()
            .services()
            .inNamespace(HostNames.hostNamespace(what.tenant()))
            .withName(HostNames.dnsService(what.tenant()))
            .get();
    String ip = dns == null || dns.getSpec() == null ? null : dns.getSpec().getClusterIP();
    return ip == null || ip.isBlank() || "None".equals(ip) ? SIMULATED_DNS_IP : ip;
  }

  private static SimulatedHost hostOf(List<SimulatedHost> hosts, String jurisdiction) {
    return hosts.stream()
        .filter(h -> h.jurisdiction().equals(jurisdiction))
        .findFirst()
        .orElse(null);
  }

  private static Jurisdiction jurisdictionOf(Platform platform, String name) {
    return platform.jurisdictions().stream()
        .filter(d -> d.name().equals(name))
        .map(Declared::object)
        .findFirst()
        .orElse(null);
  }

  @Override
  public void close() {
    starter.shutdownNow();
    byKey.values().forEach(SimulatedTenants::quietly);
  }

  private static void quietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception e) {
      // shutting down: nothing useful to do with it
    }
  }
}
