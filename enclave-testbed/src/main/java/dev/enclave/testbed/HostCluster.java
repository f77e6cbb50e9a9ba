package dev.enclave.testbed;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A real host cluster on loopback: etcd, kube-apiserver, kube-controller-manager, kube-scheduler
 * and KWOK keeping labelled nodes Ready and their pods Running. It hands out an admin kubeconfig
 * and kubeconfigs of ServiceAccounts, starts bare tenant API servers on the same etcd, and stops
 * every process it started by pid.
 */
public final class HostCluster implements AutoCloseable {
  private final Components components;
  private final Path dir;
  private final Etcd etcd;
  private final KubeApiServer api;
  private final List<AutoCloseable> started = new ArrayList<>();
  /** The current process of each component: a restarted API server is asked, not remembered. */
  private final List<Supplier<ManagedProcess>> processes = new ArrayList<>();
  private int tenants;

  private HostCluster(Components components, Path dir, Etcd etcd, KubeApiServer api) {
    this.components = components;
    this.dir = dir;
    this.etcd = etcd;
    this.api = api;
  }

  /** Starts every component and waits until the nodes of {@code layout} are Ready. */
  public static HostCluster start(Components components, Path dir, HostNodes layout) {
    return start(components, dir, layout, Map.of());
  }

  /**
   * As {@link #start(Components, Path, HostNodes)}, with pods carrying every label of {@code
   * otherKubelet} left to another kubelet (see {@link Kwok#start(Components, KubeApiServer, Path,
   * Map)}).
   */
  public static HostCluster start(
      Components components, Path dir, HostNodes layout, Map<String, String> otherKubelet) {
    return start(components, dir, layout, otherKubelet, "127.0.0.1", 0);
  }

  /**
   * As above, with the nodes at {@code nodeIp} and their (KWOK) kubelet port {@code kubeletPort} (0:
   * a free one): hosts on one machine with different node addresses can all use the kubelet's
   * default port 10250, which is where a tenant's API server looks for a node's kubelet.
   */
  public static HostCluster start(
      Components components, Path dir, HostNodes layout, Map<String, String> otherKubelet,
      String nodeIp, int kubeletPort) {
    Directories.recreate(dir);
    Etcd etcd = Etcd.start(components, dir.resolve("etcd"));
    HostCluster host = null;
    try {
      KubeApiServer api =
          KubeApiServer.start(
              components, components.newestKubernetes(), "host", dir, etcd, "/registry", Map.of());
      host = new HostCluster(components, dir, etcd, api);
      host.track(etcd, etcd::process);
      host.track(api, api::process);
      KubeComponent cm = KubeComponent.controllerManager(components, api, dir);
      host.track(cm, cm::process);
      KubeComponent scheduler = KubeComponent.scheduler(components, api, dir);
      host.track(scheduler, scheduler::process);
      Kwok kwok = Kwok.start(components, api, dir, otherKubelet, nodeIp, kubeletPort);
      host.track(kwok, kwok::process);
      host.createNodes(layout);
      return host;
    } catch (RuntimeException e) {
      if (host != null) {
        host.close();
      } else {
        etcd.close();
      }
      throw e;
    }
  }

  private void track(AutoCloseable closeable, Supplier<ManagedProcess> process) {
    started.add(0, closeable);
    processes.add(process);
  }

  private void createNodes(HostNodes layout) {
    try (KubernetesClient client = adminClient()) {
      for (Node node : layout.nodes()) {
        client.nodes().resource(node).create();
      }
      for (StorageClass storageClass : layout.storageClasses()) {
        client.storage().v1().storageClasses().resource(storageClass).create();
      }
      for (var volume : layout.volumes()) {
        client.persistentVolumes().resource(volume).create();
      }
      Instant deadline = Instant.now().plusSeconds(60);
      for (Node node : layout.nodes()) {
        String name = node.getMetadata().getName();
        while (!ready(client.nodes().withName(name).get())) {
          processes.forEach(p -> p.get().requireAlive());
          if (Instant.now().isAfter(deadline)) {
            throw new IllegalStateException("node " + name + " not Ready within 60 s (is KWOK running? " + dir.resolve("kwok.log") + ")");
          }
          sleep(Duration.ofMillis(100));
        }
      }
    }
  }

  private static boolean ready(Node node) {
    return node != null
        && node.getStatus() != null
        && node.getStatus().getConditions() != null
        && node.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  /**
   * A second, bare kube-apiserver of {@code version} for a tenant: the same etcd under its own
   * prefix, its own CA and service-account keys, no controllers and no nodes.
   */
  public KubeApiServer startTenantApiServer(String name, String version) {
    return startTenantApiServer(name, version, List.of(), Map.of());
  }

  /**
   * As above, also trusting clients of the CAs in {@code extraClientCas} (PEM; e.g. the tenant CA
   * the operator generated, so the credentials it issues authenticate here), with {@code
   * extraFlags} (e.g. an audit policy and log) added or overriding.
   */
  public KubeApiServer startTenantApiServer(
      String name, String version, List<String> extraClientCas, Map<String, String> extraFlags) {
    int index = ++tenants;
    Map<String, String> flags =
        new java.util.LinkedHashMap<>(
            Map.of("authorization-mode", "RBAC", "enable-admission-plugins", ""));
    flags.putAll(extraFlags);
    KubeApiServer tenant =
        KubeApiServer.start(
            components,
            version,
            name,
            dir.resolve("tenant-" + index + "-" + name),
            etcd.endpoint(),
            "/tenants/" + name,
            extraClientCas,
            flags);
    track(tenant, tenant::process);
    return tenant;
  }

  /**
   * A kube-controller-manager for {@code tenant} (an API server from {@link
   * #startTenantApiServer}) running only {@code controllers}, e.g. {@code
   * clusterrole-aggregation-controller}, without which the default ClusterRoles {@code view},
   * {@code edit} and {@code admin} have no rules. Stopped before its API server.
   */
  public KubeComponent startTenantControllerManager(KubeApiServer tenant, String controllers) {
    KubeComponent manager =
        KubeComponent.controllerManager(
            components, tenant, dir.resolve("tenant-controller-manager-" + tenant.port()), controllers);
    track(manager, manager::process);
    return manager;
  }

  /** A client with {@code system:masters}: for set-up and assertions, never for code under test. */
  public KubernetesClient adminClient() {
    return api.adminClient();
  }

  public KubeApiServer apiServer() {
    return api;
  }

  public Etcd etcd() {
    return etcd;
  }

  public Path directory() {
    return dir;
  }

  public Components components() {
    return components;
  }

  /**
   * A kubeconfig that authenticates as ServiceAccount {@code namespace/name} with a bound token
   * from the TokenRequest API, valid for {@code lifetime}: the identity the code under test runs as.
   */
  public String serviceAccountKubeconfig(String namespace, String name, Duration lifetime) {
    try (KubernetesClient admin = adminClient()) {
      TokenRequest request =
          new TokenRequestBuilder()
              .withNewSpec()
              .withExpirationSeconds(lifetime.toSeconds())
              .endSpec()
              .build();
      String token =
          admin.serviceAccounts().inNamespace(namespace).withName(name).tokenRequest(request)
              .getStatus()
              .getToken();
      return tokenKubeconfig(namespace + "-" + name, token);
    }
  }

  /** A client for ServiceAccount {@code namespace/name}, as {@link #serviceAccountKubeconfig}. */
  public KubernetesClient serviceAccountClient(String namespace, String name) {
    return KubeApiServer.clientFor(
        Config.fromKubeconfig(serviceAccountKubeconfig(namespace, name, Duration.ofHours(1))));
  }

  private String tokenKubeconfig(String user, String token) {
    String ca = Base64.getEncoder().encodeToString(api.pki().caPem().getBytes());
    return """
        apiVersion: v1
        kind: Config
        clusters:
        - name: testbed
          cluster:
            certificate-authority-data: %s
            server: %s
        contexts:
        - name: %s
          context:
            cluster: testbed
            user: %s
        current-context: %s
        users:
        - name: %s
          user:
            token: %s
        """
        .formatted(ca, api.url(), user, user, user, user, token);
  }

  /** {@code kubectl --kubeconfig <admin> args...} of the host's release, limited to two minutes. */
  public Command.Result kubectl(String... args) {
    return kubectlAs(api.adminKubeconfig(), null, args);
  }

  /** kubectl with another kubeconfig, feeding {@code stdin} (e.g. a manifest for {@code -f -}). */
  public Command.Result kubectlAs(Path kubeconfig, String stdin, String... args) {
    List<String> all = new ArrayList<>(List.of("--kubeconfig=" + kubeconfig));
    all.addAll(List.of(args));
    return Command.run(
        components.kubernetes(api.version(), "kubectl"), all, Map.of(), Duration.ofMinutes(2), stdin);
  }

  /** {@code helm args...} against this host as admin, limited to five minutes. */
  public Command.Result helm(String... args) {
    List<String> all = new ArrayList<>(List.of("--kubeconfig=" + api.adminKubeconfig()));
    all.addAll(List.of(args));
    Path home = dir.resolve("helm-home");
    return Command.run(
        components.tool("helm"),
        all,
        Map.of(
            "HELM_CACHE_HOME", home.resolve("cache").toString(),
            "HELM_CONFIG_HOME", home.resolve("config").toString(),
            "HELM_DATA_HOME", home.resolve("data").toString()),
        Duration.ofMinutes(5));
  }

  /** {@code etcdctl --endpoints=<etcd> args...}, e.g. to compact the host's history. */
  public Command.Result etcdctl(String... args) {
    return etcd.etcdctl(components, args);
  }

  /** Every process this host started and has not stopped, host components first. */
  public List<ManagedProcess> processes() {
    return processes.stream().map(Supplier::get).filter(ManagedProcess::isAlive).toList();
  }

  /** Stops every process, tenant API servers and KWOK first, etcd last. */
  @Override
  public void close() {
    for (AutoCloseable closeable : started) {
      try {
        closeable.close();
      } catch (Exception e) {
        // keep stopping the others; each stop is by pid and logs nothing secret
      }
    }
    started.clear();
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted");
    }
  }
}
