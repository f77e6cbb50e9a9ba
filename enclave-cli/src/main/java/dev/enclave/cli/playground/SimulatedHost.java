package dev.enclave.cli.playground;

import dev.enclave.api.v1alpha1.Jurisdiction;
import dev.enclave.api.v1alpha1.Placement;
import dev.enclave.core.controlplane.JurisdictionNodes;
import dev.enclave.syncer.HostSerialization;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A simulated host cluster for one jurisdiction: fabric8's CRUD mock API server on 127.0.0.1 with
 * the Enclave CRDs, discovery for kubectl, labelled and tainted simulated nodes, and a {@link
 * SimulatedScheduler} standing in for kube-scheduler and the kubelets. No container ever runs.
 */
public final class SimulatedHost implements AutoCloseable {
  /** Token in the playground kubeconfig; the simulated API server checks no credentials. */
  public static final String TOKEN = "playground-not-a-secret";

  /** Held so the level sticks: the mock server logs every request at INFO through JUL. */
  private static final java.util.logging.Logger MOCK_SERVER_LOG =
      java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

  static {
    MOCK_SERVER_LOG.setLevel(java.util.logging.Level.WARNING);
  }

  private final String jurisdiction;
  private final KubernetesMockServer server;
  private final KubernetesClient client;
  private final SimulatedScheduler scheduler;
  private final ScheduledExecutorService housekeeping;

  private SimulatedHost(
      String jurisdiction,
      KubernetesMockServer server,
      KubernetesClient client,
      SimulatedScheduler scheduler,
      ScheduledExecutorService housekeeping) {
    this.jurisdiction = jurisdiction;
    this.server = server;
    this.client = client;
    this.scheduler = scheduler;
    this.housekeeping = housekeeping;
  }

  /** Starts the API server on a free port, registers the CRDs, adds the nodes and the scheduler. */
  public static SimulatedHost start(Jurisdiction jurisdiction, int nodeCount, Clock clock) {
    List<CustomResourceDefinition> crds = EnclaveCrds.load();
    KubernetesMockServer server = startServer(crds);
    KubernetesClient client = null;
    try {
      client = clientFor("http://127.0.0.1:" + server.getPort());
      for (CustomResourceDefinition crd : crds) {
        client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
      }
      for (String namespace : List.of("default", "kube-system", "enclave-system")) {
        client
            .namespaces()
            .resource(
                new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
            .create();
      }
      for (Node node : nodesFor(jurisdiction, nodeCount, clock.instant())) {
        client.nodes().resource(node).create();
      }
      SimulatedScheduler scheduler = SimulatedScheduler.start(client, clock);
      ScheduledExecutorService housekeeping = housekeeping(server);
      return new SimulatedHost(
          jurisdiction.getMetadata().getName(), server, client, scheduler, housekeeping);
    } catch (RuntimeException e) {
      if (client != null) {
        client.close();
      }
      server.destroy();
      throw e;
    }
  }

  /**
   * A CRUD mock API server on 127.0.0.1 and a free port, serving discovery for the built-in
   * resources and the given custom resources; shared by hosts and simulated tenant clusters.
   */
  static KubernetesMockServer startServer(List<CustomResourceDefinition> crds) {
    Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
    DiscoveryDispatcher dispatcher =
        new DiscoveryDispatcher(
            new DiscoveryDocuments(crds),
            new KubernetesMixedDispatcher(responses, EnclaveCrds.contexts(crds)));
    KubernetesMockServer server =
        new KubernetesMockServer(new Context(), new MockWebServer(), responses, dispatcher, false);
    server.init(InetAddress.getLoopbackAddress(), 0);
    return server;
  }

  /**
   * Nodes {@code host-<j>-node-1..n} labelled with the jurisdiction's node selector, hostname and
   * zone, and tainted with each toleration the jurisdiction adds to its pods.
   */
  static List<Node> nodesFor(Jurisdiction jurisdiction, int count, Instant now) {
    String j = jurisdiction.getMetadata().getName();
    Placement placement =
        jurisdiction.getSpec() == null ? null : jurisdiction.getSpec().getPlacement();
    List<Node> nodes = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      String name = "host-" + j + "-node-" + i;
      Map<String, String> labels = JurisdictionNodes.labels(j, placement, name, i);
      nodes.add(node(name, labels, JurisdictionNodes.taints(placement), i, now));
    }
    return nodes;
  }

  private static Node node(
      String name, Map<String, String> labels, List<Taint> taints, int index, Instant now) {
    Map<String, Quantity> capacity =
        Map.of(
            "cpu", new Quantity("8"), "memory", new Quantity("32Gi"), "pods", new Quantity("110"));
    return new NodeBuilder()
        .withNewMetadata()
        .withName(name)
        .withLabels(labels)
        .addToAnnotations(SimulatedPods.SIMULATED_ANNOTATION, "true")
        .endMetadata()
        .withNewSpec()
        .withTaints(taints)
        .endSpec()
        .withNewStatus()
        .addNewCondition()
        .withType("Ready")
        .withStatus("True")
        .withReason("KubeletReady")
        .withMessage("simulated by enclavectl playground: no kubelet, no containers")
        .withLastTransitionTime(now.toString())
        .withLastHeartbeatTime(now.toString())
        .endCondition()
        .addNewAddress("192.0.2." + index, "InternalIP")
        .addNewAddress(name, "Hostname")
        .withCapacity(capacity)
        .withAllocatable(capacity)
        .withNewNodeInfo()
        .withKubeletVersion(DiscoveryDocuments.KUBERNETES_VERSION)
        .withContainerRuntimeVersion("simulated://none")
        .withOperatingSystem("linux")
        .withArchitecture("amd64")
        .withOsImage("none (simulated)")
        .withKernelVersion("none")
        .withMachineID(name)
        .withSystemUUID(name)
        .withBootID(name)
        .endNodeInfo()
        .endStatus()
        .build();
  }

  static KubernetesClient clientFor(String url) {
    return new KubernetesClientBuilder()
        .withHttpClientFactory(new JdkHttpClientFactory())
        .withConfig(configFor(url))
        .build();
  }

  /** A client for a syncer's host side, reading pods as {@code SyncerMain}'s does. */
  static KubernetesClient syncerClientFor(String url) {
    return new KubernetesClientBuilder()
        .withHttpClientFactory(new JdkHttpClientFactory())
        .withConfig(configFor(url))
        .withKubernetesSerialization(HostSerialization.create())
        .build();
  }

  private static Config configFor(String url) {
    return new ConfigBuilder(Config.empty())
        .withMasterUrl(url)
        .withTrustCerts(true)
        .withOauthToken(TOKEN)
        .withNamespace("default")
        .withHttp2Disable(true)
        .withRequestTimeout(10_000)
        .build();
  }

  /** The mock server records every request; drop them so a long session does not grow. */
  static ScheduledExecutorService housekeeping(KubernetesMockServer server) {
    ScheduledExecutorService executor =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "simulated-host-housekeeping");
              t.setDaemon(true);
              return t;
            });
    executor.scheduleWithFixedDelay(
        () -> {
          try {
            while (server.takeRequest(0, TimeUnit.MILLISECONDS) != null) {
              // discard
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        },
        10,
        10,
        TimeUnit.SECONDS);
    return executor;
  }

  public String jurisdiction() {
    return jurisdiction;
  }

  /** {@code host-<jurisdiction>}: the cluster and context name in the playground kubeconfig. */
  public String name() {
    return "host-" + jurisdiction;
  }

  public KubernetesClient client() {
    return client;
  }

  /** {@code http://127.0.0.1:<port>}. */
  public String url() {
    return "http://127.0.0.1:" + server.getPort();
  }

  /** Requests served so far; lets tests see that an idle playground stays quiet. */
  int requestCount() {
    return server.getRequestCount();
  }

  @Override
  public void close() {
    housekeeping.shutdownNow();
    scheduler.close();
    client.close();
    server.destroy();
  }
}
