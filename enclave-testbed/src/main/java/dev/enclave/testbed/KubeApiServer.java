package dev.enclave.testbed;

import dev.enclave.core.pki.ClientKeyAlgorithm;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A kube-apiserver on 127.0.0.1, secure port only, with the hardening Enclave renders for tenant
 * API servers where it applies to a host (no anonymous requests, Node and RBAC authorization,
 * NodeRestriction, TLS 1.2+ with AEAD suites, no profiling), and service-account tokens issued
 * and verified with the cluster's own keys. The flags are built in {@link #flags}, the one place
 * that says how the testbed runs the API server.
 */
public final class KubeApiServer implements AutoCloseable {
  /** How long start-up may take: a loaded 2-core machine needs more than a minute on kine. */
  private static final Duration READY_LIMIT = Duration.ofSeconds(180);
  /** The tenant service CIDR Enclave renders: numbers allocated in etcd, never dialled. */
  public static final String SERVICE_CLUSTER_IP_RANGE = "10.96.0.0/12";

  private volatile ManagedProcess process;
  private final String version;
  private final int port;
  private final ClusterPki pki;
  private final Path adminKubeconfig;
  private volatile String lastProbeFailure = "no answer yet";

  private KubeApiServer(
      ManagedProcess process, String version, int port, ClusterPki pki, Path adminKubeconfig) {
    this.process = process;
    this.version = version;
    this.port = port;
    this.pki = pki;
    this.adminKubeconfig = adminKubeconfig;
  }

  /**
   * Starts kube-apiserver {@code version} against {@code etcd} under {@code etcdPrefix}, with
   * {@code extraFlags} (name without dashes to value) added or overriding, and waits for /readyz.
   */
  public static KubeApiServer start(
      Components components,
      String version,
      String name,
      Path dir,
      Etcd etcd,
      String etcdPrefix,
      Map<String, String> extraFlags) {
    return start(components, version, name, dir, etcd.endpoint(), etcdPrefix, extraFlags);
  }

  /**
   * As above against any etcd API at {@code etcdServers} (a shared etcd, kine); TLS to it, such
   * as {@code etcd-cafile}, {@code etcd-certfile} and {@code etcd-keyfile}, goes in {@code
   * extraFlags}.
   */
  public static KubeApiServer start(
      Components components,
      String version,
      String name,
      Path dir,
      String etcdServers,
      String etcdPrefix,
      Map<String, String> extraFlags) {
    return start(components, version, name, dir, etcdServers, etcdPrefix, List.of(), extraFlags);
  }

  /**
   * As above, also trusting client certificates of the CAs in {@code extraClientCas} (PEM): its
   * {@code --client-ca-file} is then a bundle of its own CA and those.
   */
  public static KubeApiServer start(
      Components components,
      String version,
      String name,
      Path dir,
      String etcdServers,
      String etcdPrefix,
      List<String> extraClientCas,
      Map<String, String> extraFlags) {
    ClusterPki pki = ClusterPki.create(dir.resolve("pki"), name);
    int port = Ports.free();
    Map<String, String> flags = flags(pki, port, etcdServers, etcdPrefix, dir);
    if (!extraClientCas.isEmpty()) {
      flags.put("client-ca-file", pki.clientCaBundle(extraClientCas).toString());
    }
    flags.putAll(extraFlags);
    List<String> args = new ArrayList<>();
    flags.forEach((k, v) -> args.add("--" + k + "=" + v));
    ManagedProcess process =
        ManagedProcess.start(
            name + "-kube-apiserver",
            components.kubernetes(version, "kube-apiserver"),
            args,
            Map.of(),
            dir.resolve("kube-apiserver.log"));
    Path admin =
        pki.kubeconfigFile("admin.kubeconfig", "https://127.0.0.1:" + port, "testbed-admin", "system:masters");
    KubeApiServer server = new KubeApiServer(process, version, port, pki, admin);
    Health.await(
        process, "/readyz", READY_LIMIT, server::ready, () -> server.lastProbeFailure);
    return server;
  }

  static Map<String, String> flags(
      ClusterPki pki, int port, String etcdServers, String prefix, Path dir) {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("etcd-servers", etcdServers);
    f.put("etcd-prefix", prefix);
    f.put("bind-address", "127.0.0.1");
    f.put("advertise-address", "127.0.0.1");
    f.put("secure-port", Integer.toString(port));
    f.put("cert-dir", dir.resolve("cert-dir").toString());
    f.put("tls-cert-file", pki.file("apiserver.crt").toString());
    f.put("tls-private-key-file", pki.file("apiserver.key").toString());
    f.put("tls-min-version", "VersionTLS12");
    f.put("tls-cipher-suites", String.join(",", dev.enclave.core.controlplane.ApiServerFlags.CIPHER_SUITES));
    f.put("client-ca-file", pki.file("ca.crt").toString());
    f.put("anonymous-auth", "false");
    f.put("authorization-mode", "Node,RBAC");
    f.put("enable-admission-plugins", "NodeRestriction");
    f.put("profiling", "false");
    f.put("service-account-issuer", "https://127.0.0.1:" + port);
    f.put("service-account-key-file", pki.file("sa.pub").toString());
    f.put("service-account-signing-key-file", pki.file("sa.key").toString());
    f.put("service-account-lookup", "true");
    f.put("service-cluster-ip-range", SERVICE_CLUSTER_IP_RANGE);
    // The API server dials KWOK's "kubelets" for logs and exec: KWOK serves on loopback.
    f.put("kubelet-preferred-address-types", "InternalIP");
    // The reconciler refuses a loopback advertise address for the kubernetes Service's endpoints;
    // nothing may dial that Service here anyway, so it has none.
    f.put("endpoint-reconciler-type", "none");
    return f;
  }

  private boolean ready() {
    try (KubernetesClient client = adminClient()) {
      String body = client.raw(url() + "/readyz");
      return "ok".equals(body);
    } catch (RuntimeException e) {
      lastProbeFailure = e + (e.getCause() == null ? "" : " caused by " + e.getCause());
      return false;
    }
  }

  /** A client with {@code system:masters}: for set-up and assertions, never for the code under test. */
  public KubernetesClient adminClient() {
    return clientFor(Config.fromKubeconfig(adminKubeconfigYaml()));
  }

  public static KubernetesClient clientFor(Config config) {
    ClientKeyAlgorithm.detect(config);
    config.setRequestTimeout(30_000);
    config.setConnectionTimeout(10_000);
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  public String adminKubeconfigYaml() {
    try {
      return java.nio.file.Files.readString(adminKubeconfig);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** {@code kubectl --kubeconfig <admin> args...} of this server's release, limited to two minutes. */
  public Command.Result kubectl(Components components, String... args) {
    List<String> all = new ArrayList<>(List.of("--kubeconfig=" + adminKubeconfig));
    all.addAll(List.of(args));
    return Command.run(components.kubernetes(version, "kubectl"), all, Map.of(), Duration.ofMinutes(2));
  }

  public Path adminKubeconfig() {
    return adminKubeconfig;
  }

  public String url() {
    return "https://127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  public String version() {
    return version;
  }

  public ClusterPki pki() {
    return pki;
  }

  /**
   * Stops and starts this API server on the same port, etcd and credentials, and waits for
   * /readyz: its watch cache starts anew, so a client watching from an older resourceVersion
   * than etcd still holds (after a compaction) gets 410 Gone and must re-list.
   */
  public void restart() {
    process = process.restart();
    Health.await(process, "/readyz", READY_LIMIT, this::ready, () -> lastProbeFailure);
  }

  public ManagedProcess process() {
    return process;
  }

  @Override
  public void close() {
    process.close();
  }
}
