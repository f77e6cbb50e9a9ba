package dev.enclave.bench;

import dev.enclave.api.v1alpha1.TenantCluster;
import dev.enclave.core.controlplane.HostNames;
import dev.enclave.core.gitops.GitOpsLoader;
import dev.enclave.core.model.Declared;
import dev.enclave.core.model.Platform;
import dev.enclave.core.pki.PkiSecret;
import dev.enclave.core.pki.TenantPki;
import dev.enclave.core.render.PlatformRenderer;
import dev.enclave.operator.EnclaveOperator;
import dev.enclave.operator.OperatorConfig;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code bench/run operator-coldstart}: 1,000 TenantClusters are declared on a host API server
 * (fabric8's CRUD mock, in a child JVM so its store is not counted as operator heap) before the
 * operator starts; the figure is the time until every one is Ready, with the operator's write
 * requests and heap per tenant. A minimal simulated kubelet marks each control-plane StatefulSet
 * ready as soon as it exists (its writes are counted apart). Every tenant's own API is the same
 * server under another client name ({@code tenant-api}, counted apart): the tenant RBAC objects are
 * cluster-scoped with fixed names, so after the first tenant each costs reads only. The baseline,
 * in the same run, is a
 * bare client loop creating the same host objects (control-plane objects and PKI Secrets, prepared
 * beforehand) on the same kind of server in the same state: a fresh child JVM holding the same
 * declarations. (On one shared server the second run would pay for the first one's 30,000 stored
 * objects: the CRUD mock's cost per request grows with what it stores.)
 */
public final class OperatorColdstartBenchmark {
  private static final int TENANTS = Integer.getInteger("enclave.bench.tenants", 1000);
  private static final Duration TIMEOUT = Duration.ofMinutes(20);

  public static void main(String[] args) throws Exception {
    Path results = Path.of(args.length > 0 ? args[0] : "bench/results/operator-coldstart.json");
    CountingMockServer.quietJavaUtilLogging();
    Path work = Files.createTempDirectory("enclave-bench-coldstart");
    PlatformGenerator.write(work.resolve("platform"), TENANTS);
    Platform platform = new GitOpsLoader().load(work.resolve("platform")).platform();

    Run operatorRun = onFreshServer(platform, OperatorColdstartBenchmark::runOperator);
    long prepareStart = System.nanoTime();
    List<HasMetadata> objects = baselineObjects(platform);
    double prepare = BenchmarkResult.seconds(System.nanoTime() - prepareStart);
    Run baselineRun = onFreshServer(platform, (url, setup) -> runBaseline(url, objects));

    new BenchmarkResult()
        .put("tenants", TENANTS)
        .put("seconds", operatorRun.seconds())
        .put("baselineSeconds", baselineRun.seconds())
        .put("ratio", operatorRun.seconds() / baselineRun.seconds())
        .put("writes", operatorRun.writes())
        .put("writesPerTenant", (double) operatorRun.writes() / TENANTS)
        .put("baselineWrites", baselineRun.writes())
        .put("baselinePrepareSeconds", prepare)
        .put("heapBytesPerTenant", operatorRun.heapBytes() / TENANTS)
        .put("operatorThreads", EnclaveOperator.RECONCILIATION_THREADS)
        .write(results);
    System.exit(0);
  }

  /** Time, write requests and heap growth of one measured run. */
  private record Run(double seconds, long writes, long heapBytes) {}

  private interface Measured {
    Run run(String url, KubernetesClient setup) throws Exception;
  }

  /**
   * Starts a host API server in a child JVM, declares the platform on it and measures one run
   * there. Both runs start from the same state: a fresh server holding the same declarations.
   */
  private static Run onFreshServer(Platform platform, Measured measured) throws Exception {
    Process serverProcess = CountingMockServer.spawn();
    try (OutputStream stopServer = serverProcess.getOutputStream()) {
      String url = "http://127.0.0.1:" + CountingMockServer.awaitPort(serverProcess);
      try (KubernetesClient setup = CountingMockServer.client(url, "bench-setup")) {
        declare(setup, platform);
        return measured.run(url, setup);
      }
    } finally {
      serverProcess.destroy();
      serverProcess.waitFor();
    }
  }

  /** The operator, started with every tenant already declared, until all are Ready. */
  private static Run runOperator(String url, KubernetesClient setup) throws Exception {
    try (KubernetesClient kubelet = CountingMockServer.client(url, "simulated-kubelet");
        KubernetesClient operatorClient = CountingMockServer.client(url, "enclave-operator");
        KubernetesClient tenantApi = CountingMockServer.client(url, "tenant-api")) {
      SharedIndexInformer<StatefulSet> readiness = markStatefulSetsReady(kubelet);
      long heapBefore = usedHeapAfterGc();
      long start = System.nanoTime();
      EnclaveOperator operator =
          EnclaveOperator.start(
              operatorClient, config(), Clock.systemUTC(), (t, s) -> Optional.of(tenantApi));
      awaitAllReady(setup);
      double seconds = BenchmarkResult.seconds(System.nanoTime() - start);
      long heapAfter = usedHeapAfterGc();
      long writes = CountingMockServer.writes(url).getOrDefault("enclave-operator", 0L);
      operator.close();
      readiness.close();
      return new Run(seconds, writes, Math.max(0, heapAfter - heapBefore));
    }
  }

  /** A bare client creating the same host objects, one after the other. */
  private static Run runBaseline(String url, List<HasMetadata> objects) throws Exception {
    try (KubernetesClient bare = CountingMockServer.client(url, "baseline")) {
      long start = System.nanoTime();
      for (HasMetadata object : objects) {
        bare.resource(object).create();
      }
      double seconds = BenchmarkResult.seconds(System.nanoTime() - start);
      return new Run(seconds, CountingMockServer.writes(url).getOrDefault("baseline", 0L), 0);
    }
  }

  private static OperatorConfig config() {
    return new OperatorConfig(
        Set.of("eu", "uk"), "enclave-system", 0, 0, 0, Duration.ofMinutes(10), false,
        "enclave-operator");
  }

  /** The platform declared on the host before the operator starts, namespaces first. */
  private static void declare(KubernetesClient client, Platform platform) {
    Set<String> namespaces = new TreeSet<>();
    platform.tenantClusters().forEach(t -> namespaces.add(t.namespace()));
    namespaces.add("enclave-system");
    for (String namespace : namespaces) {
      client.namespaces()
          .resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
          .create();
    }
    platform.jurisdictions().forEach(j -> client.resource(j.object()).create());
    platform.dataStores().forEach(d -> client.resource(d.object()).create());
    platform.tenantClusters().forEach(t -> client.resource(t.object()).create());
  }

  /** The simulated kubelet: every control-plane StatefulSet reports all replicas ready. */
  private static SharedIndexInformer<StatefulSet> markStatefulSetsReady(KubernetesClient kubelet) {
    return kubelet.apps().statefulSets().inAnyNamespace().inform(
        new ResourceEventHandler<>() {
          @Override
          public void onAdd(StatefulSet sts) {
            markReady(kubelet, sts);
          }

          @Override
          public void onUpdate(StatefulSet old, StatefulSet sts) {
            markReady(kubelet, sts);
          }

          @Override
          public void onDelete(StatefulSet sts, boolean unknown) {}
        });
  }

  private static void markReady(KubernetesClient kubelet, StatefulSet sts) {
    Integer replicas = sts.getSpec().getReplicas();
    Long generation = sts.getMetadata().getGeneration();
    var status = sts.getStatus();
    if (status != null
        && Objects.equals(status.getReadyReplicas(), replicas)
        && Objects.equals(status.getObservedGeneration(), generation)) {
      return;
    }
    StatefulSet ready = Serialization.clone(sts);
    ready.setStatus(new io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder()
        .withReplicas(replicas)
        .withReadyReplicas(replicas)
        .withAvailableReplicas(replicas)
        .withCurrentReplicas(replicas)
        .withUpdatedReplicas(replicas)
        .withObservedGeneration(generation)
        .build());
    try {
      kubelet.resource(ready).updateStatus();
    } catch (RuntimeException e) {
      // the next update event retries
    }
  }

  private static void awaitAllReady(KubernetesClient client) throws InterruptedException {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    int ready = 0;
    while (System.nanoTime() < deadline) {
      ready = (int) client.resources(TenantCluster.class).inAnyNamespace().list().getItems().stream()
          .filter(t -> t.getStatus() != null && "Ready".equals(t.getStatus().getPhase()))
          .count();
      if (ready == TENANTS) {
        return;
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException(
        "only " + ready + " of " + TENANTS + " tenant clusters Ready after " + TIMEOUT);
  }

  /** The operator's host objects for every tenant, as the operator would create them. */
  private static List<HasMetadata> baselineObjects(Platform platform) throws Exception {
    SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
    random.setSeed(42);
    List<HasMetadata> objects = new ArrayList<>();
    for (Declared<TenantCluster> declared : platform.tenantClusters()) {
      TenantCluster tenant = declared.object();
      String namespace = HostNames.hostNamespace(tenant);
      for (HasMetadata object : PlatformRenderer.render(platform, tenant).hostObjects()) {
        objects.add(object);
      }
      for (PkiSecret secret : TenantPki.generate(tenant, Clock.systemUTC(), random).secrets()) {
        objects.add(new SecretBuilder()
            .withNewMetadata().withName(secret.name()).withNamespace(namespace).endMetadata()
            .withType(secret.type())
            .withData(base64(secret.stringData()))
            .build());
      }
    }
    return objects;
  }

  private static Map<String, String> base64(Map<String, String> data) {
    Map<String, String> out = new LinkedHashMap<>();
    data.forEach((k, v) ->
        out.put(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
    return out;
  }

  private static long usedHeapAfterGc() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(200);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
