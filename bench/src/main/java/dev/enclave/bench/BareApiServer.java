package dev.enclave.bench;

import dev.enclave.core.pki.ClientKeyAlgorithm;
import dev.enclave.testbed.Components;
import dev.enclave.testbed.Etcd;
import dev.enclave.testbed.KubeApiServer;
import dev.enclave.testbed.KubeComponent;
import dev.enclave.testbed.ManagedProcess;
import dev.enclave.testbed.Testbed;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.internal.SSLUtils;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;

/**
 * A real etcd and a bare kube-apiserver (no controllers, no scheduler, no nodes) from the
 * testbed's component cache, on loopback, under {@code <testbed dir>/<name>}: the testbed builds
 * their flags and PKI and stops both by pid ({@link #close}, or its ledger's shutdown hook if this
 * JVM dies first). Each server has an etcd of its own so that a tenant control plane and the host
 * can be given CPUs of their own ({@link CpuPlacement}).
 */
final class BareApiServer implements AutoCloseable {
  /** As {@code HostCluster.startTenantApiServer}: RBAC only, the default admission plugins. */
  static final Map<String, String> TENANT_FLAGS =
      Map.of("authorization-mode", "RBAC", "enable-admission-plugins", "");

  /** The host's flags as the testbed runs them (Node and RBAC authorization, NodeRestriction). */
  static final Map<String, String> HOST_FLAGS = Map.of();

  private final Etcd etcd;
  private final KubeApiServer api;
  private final Path dir;
  private KubeComponent controllerManager;

  private BareApiServer(Etcd etcd, KubeApiServer api, Path dir) {
    this.etcd = etcd;
    this.api = api;
    this.dir = dir;
  }

  /** Starts etcd and kube-apiserver (the cache's newest release), pinned to {@code cpus}. */
  static BareApiServer start(
      String name, Map<String, String> flags, CpuPlacement placement, String cpus) {
    Components components = Components.fromEnvironment();
    Path dir = Testbed.directory().resolve(name);
    recreate(dir);
    Etcd etcd = Etcd.start(components, dir.resolve("etcd"));
    try {
      placement.pinProcess(etcd.process().pid(), cpus);
      KubeApiServer api =
          KubeApiServer.start(
              components, components.newestKubernetes(), name, dir, etcd, "/registry", flags);
      BareApiServer server = new BareApiServer(etcd, api, dir);
      placement.pinProcess(api.process().pid(), cpus);
      return server;
    } catch (RuntimeException | IOException | InterruptedException e) {
      etcd.close();
      throw new IllegalStateException("cannot start the " + name + " API server", e);
    }
  }

  String url() {
    return api.url();
  }

  URI uri() {
    return URI.create(api.url());
  }

  String version() {
    return api.version();
  }

  String caPem() {
    return api.pki().caPem();
  }

  /** The admin ({@code system:masters}) kubeconfig, for a client in another process. */
  String adminKubeconfigYaml() {
    return api.adminKubeconfigYaml();
  }

  /**
   * Starts a kube-controller-manager with only {@code controllers} (kube-controller-manager's
   * names, comma-separated), stopped with this server.
   */
  void startControllerManager(String controllers) {
    controllerManager =
        KubeComponent.controllerManager(Components.fromEnvironment(), api, dir, controllers);
  }

  /** Stops and starts this server's etcd on the same ports and data, under its kube-apiserver. */
  void restartEtcd() {
    etcd.restart();
  }

  /** Stops and starts kube-apiserver on the same port and etcd (its watch cache starts anew). */
  void restartApiServer() {
    api.restart();
  }

  /** The admin ({@code system:masters}) configuration, named by {@code userAgent}. */
  Config config(String userAgent) {
    Config config = Config.fromKubeconfig(api.adminKubeconfigYaml());
    ClientKeyAlgorithm.detect(config);
    config.setUserAgent(userAgent);
    config.setRequestTimeout(60_000);
    config.setConnectionTimeout(10_000);
    return config;
  }

  KubernetesClient client(String userAgent) {
    return new KubernetesClientBuilder().withConfig(config(userAgent)).build();
  }

  /** As {@link #client} with changes to fabric8's client builder (serialization, interceptors). */
  KubernetesClient client(String userAgent, Consumer<KubernetesClientBuilder> customize) {
    KubernetesClientBuilder builder = new KubernetesClientBuilder().withConfig(config(userAgent));
    customize.accept(builder);
    return builder.build();
  }

  /** TLS with the admin's client certificate, for the benchmark's raw HTTP clients. */
  SSLContext sslContext() {
    try {
      Config config = config("bench");
      SSLContext tls = SSLContext.getInstance("TLS");
      tls.init(SSLUtils.keyManagers(config), SSLUtils.trustManagers(config), null);
      return tls;
    } catch (Exception e) {
      throw new IllegalStateException("cannot build TLS for " + url(), e);
    }
  }

  /** kube-apiserver, then etcd: the processes whose CPU a benchmark reports. */
  List<ManagedProcess> processes() {
    return List.of(api.process(), etcd.process());
  }

  /** CPU seconds used so far by this server's kube-apiserver and etcd. */
  double cpuSeconds() {
    double total = 0;
    for (ManagedProcess p : processes()) {
      total +=
          ProcessHandle.of(p.pid())
              .flatMap(h -> h.info().totalCpuDuration())
              .map(d -> d.toNanos() / 1e9)
              .orElse(Double.NaN);
    }
    return total;
  }

  @Override
  public void close() {
    if (controllerManager != null) {
      controllerManager.close();
    }
    api.close();
    etcd.close();
  }

  private static void recreate(Path dir) {
    try {
      if (Files.exists(dir)) {
        try (Stream<Path> all = Files.walk(dir)) {
          for (Path p : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) {
            Files.delete(p);
          }
        }
      }
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot recreate " + dir, e);
    }
  }
}
