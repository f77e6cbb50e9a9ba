package dev.enclave.bench;

import dev.enclave.core.sync.SyncPolicy;
import dev.enclave.syncer.Syncer;
import dev.enclave.syncer.SyncerOptions;
import dev.enclave.syncer.translate.NameTranslator;
import dev.enclave.syncer.translate.PodContext;
import dev.enclave.syncer.translate.PodEnforcer;
import dev.enclave.syncer.translate.Translation;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.vertx.VertxHttpClientFactory;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code bench/run syncer-throughput}: a tenant and a host CRUD mock server on loopback, the syncer
 * between them. The tenant creates 5,000 pods as fast as it can (from as many threads as the syncer
 * has pod workers), then 1,000 more at a steady 200 pods/s. Throughput is pods per second from the
 * first tenant create to the last host create seen by a host informer; latency is tenant create to
 * host create at 200 pods/s; heap is used heap after GC with all 6,000 pods synced minus the same
 * after the syncer closed (the mock servers, in the same JVM, keep their objects). The baseline,
 * first in the same run: a bare client creating the same translated pods on the same host server,
 * from the same number of threads, deleted again before the syncer starts. Pods use the default
 * service account with its token automounted, so each synced pod also costs a token Secret on the
 * host that the baseline does not write.
 */
public final class SyncerThroughputBenchmark {
  private static final int PODS = 5000;
  private static final int STEADY_PODS = 1000;
  private static final int STEADY_RATE = 200;
  private static final int THREADS = 4;
  private static final String HOST_NS = "tc-tenants-eu-bench";
  private static final SyncPolicy POLICY =
      new SyncPolicy(
          "tenants-eu",
          "bench",
          HOST_NS,
          "eu",
          Map.of("enclave.dev/jurisdiction", "eu"),
          List.of(new Toleration("NoSchedule", "enclave.dev/jurisdiction", "Equal", null, "eu")),
          List.of("registry.eu.example.com"),
          List.of("eu-encrypted"),
          null,
          "restricted",
          Set.of("ClusterIP"));

  public static void main(String[] args) throws Exception {
    java.util.logging.Logger.getLogger("io.fabric8.mockwebserver")
        .setLevel(java.util.logging.Level.WARNING);
    Path results = Path.of(args.length > 0 ? args[0] : "bench/results/syncer-throughput.json");
    KubernetesMockServer tenantServer = server();
    KubernetesMockServer hostServer = server();
    // Vert.x, as in the syncer container; the classpath also has the JDK client (from the CLI).
    KubernetesClient tenant = tenantServer.createClient(new VertxHttpClientFactory());
    KubernetesClient host = hostServer.createClient(new VertxHttpClientFactory());
    KubernetesClient baselineClient = hostServer.createClient(new VertxHttpClientFactory());

    List<Pod> translated = new ArrayList<>();
    for (int i = 0; i < PODS; i++) {
      Pod tenantPod = pod("baseline", "b" + i);
      tenantPod.getMetadata().setUid("uid-" + i);
      Translation<Pod> t =
          PodEnforcer.toHost(tenantPod, POLICY, PodContext.of("10.96.0.10", "10.96.0.53"));
      Pod hostPod = ((Translation.Synced<Pod>) t).hostObject();
      hostPod.getMetadata().setNamespace("baseline-host");
      translated.add(hostPod);
    }
    long baselineStart = System.nanoTime();
    parallel(
        PODS,
        i ->
            baselineClient
                .pods()
                .inNamespace("baseline-host")
                .resource(translated.get(i))
                .create());
    double baselinePodsPerSecond =
        PODS / BenchmarkResult.seconds(System.nanoTime() - baselineStart);
    baselineClient.pods().inNamespace("baseline-host").delete();
    translated.clear();

    Map<String, Long> hostCreated = new ConcurrentHashMap<>();
    SharedIndexInformer<Pod> watch =
        host.pods().inNamespace(HOST_NS).inform(recordAdds(hostCreated));

    Syncer syncer =
        Syncer.start(
            tenant,
            host,
            POLICY,
            SyncerOptions.defaults()
                .withWorkers(THREADS, 2)
                .withTenantEndpoints("10.96.0.10", "10.96.0.53"));

    Map<String, Long> tenantCreated = new ConcurrentHashMap<>();
    long burstStart = System.nanoTime();
    parallel(PODS, i -> createTenantPod(tenant, "burst", "p" + i, tenantCreated));
    awaitHost(hostCreated, "burst", PODS);
    long burstEnd = lastHostCreate(hostCreated, "burst", PODS);
    double podsPerSecond = PODS / BenchmarkResult.seconds(burstEnd - burstStart);
    awaitIdle(syncer);

    long steadyStart = System.nanoTime();
    long interval = TimeUnit.SECONDS.toNanos(1) / STEADY_RATE;
    for (int i = 0; i < STEADY_PODS; i++) {
      long due = steadyStart + i * interval;
      while (System.nanoTime() < due) {
        Thread.onSpinWait();
      }
      createTenantPod(tenant, "steady", "s" + i, tenantCreated);
    }
    awaitHost(hostCreated, "steady", STEADY_PODS);
    double[] latencies = new double[STEADY_PODS];
    for (int i = 0; i < STEADY_PODS; i++) {
      String hostName = NameTranslator.hostName("steady", "s" + i);
      latencies[i] = (hostCreated.get(hostName) - tenantCreated.get("steady/s" + i)) / 1e6;
    }
    Arrays.sort(latencies);
    watch.close();
    awaitIdle(syncer);
    long heapWithSyncer = usedHeapAfterGc();
    syncer.close();
    syncer = null; // unreachable from here, so its caches can be collected
    long heapWithout = usedHeapAfterGc();
    long syncedPods = PODS + STEADY_PODS;

    new BenchmarkResult()
        .put("pods", PODS)
        .put("podsPerSecond", podsPerSecond)
        .put("baselinePodsPerSecond", baselinePodsPerSecond)
        .put("ratio", podsPerSecond / baselinePodsPerSecond)
        .put("p50Ms", latencies[STEADY_PODS / 2])
        .put("p99Ms", latencies[(int) Math.ceil(STEADY_PODS * 0.99) - 1])
        .put("heapBytesPer1000Pods", (heapWithSyncer - heapWithout) * 1000 / syncedPods)
        .put("steadyPods", STEADY_PODS)
        .put("steadyRatePerSecond", STEADY_RATE)
        .put("threads", THREADS)
        .write(results);
    tenant.close();
    host.close();
    baselineClient.close();
    tenantServer.destroy();
    hostServer.destroy();
    System.exit(0);
  }

  private interface Step {
    void run(int i) throws Exception;
  }

  private static void parallel(int count, Step step) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    AtomicInteger next = new AtomicInteger();
    List<Future<?>> done = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      done.add(
          pool.submit(
              () -> {
                for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                  step.run(i);
                }
                return null;
              }));
    }
    for (Future<?> f : done) {
      f.get();
    }
    pool.shutdown();
  }

  private static void createTenantPod(
      KubernetesClient tenant, String ns, String name, Map<String, Long> created) {
    created.put(ns + "/" + name, System.nanoTime());
    tenant.pods().inNamespace(ns).resource(pod(ns, name)).create();
  }

  private static ResourceEventHandler<Pod> recordAdds(Map<String, Long> created) {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(Pod pod) {
        created.putIfAbsent(pod.getMetadata().getName(), System.nanoTime());
      }

      @Override
      public void onUpdate(Pod before, Pod after) {}

      @Override
      public void onDelete(Pod pod, boolean unknown) {}
    };
  }

  private static void awaitHost(Map<String, Long> hostCreated, String ns, int count)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
    String last = NameTranslator.hostName(ns, (ns.equals("burst") ? "p" : "s") + (count - 1));
    while (System.nanoTime() < deadline) {
      long seen = hostCreated.keySet().stream().filter(k -> k.endsWith("-x-" + ns)).count();
      if (seen >= count && hostCreated.containsKey(last)) {
        return;
      }
      Thread.sleep(5);
    }
    throw new IllegalStateException("host pods of " + ns + " not all created within 5 minutes");
  }

  private static long lastHostCreate(Map<String, Long> hostCreated, String ns, int count) {
    return hostCreated.entrySet().stream()
        .filter(e -> e.getKey().endsWith("-x-" + ns))
        .mapToLong(Map.Entry::getValue)
        .max()
        .orElseThrow();
  }

  private static void awaitIdle(Syncer syncer) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    while (!syncer.isIdle() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
  }

  private static long usedHeapAfterGc() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(200);
    }
    Runtime rt = Runtime.getRuntime();
    return rt.totalMemory() - rt.freeMemory();
  }

  private static KubernetesMockServer server() {
    KubernetesMockServer server =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            new HashMap<>(),
            new KubernetesCrudDispatcher(List.of()),
            false);
    server.init();
    return server;
  }

  /** A restricted-compliant pod from the jurisdiction's registry, default service account. */
  private static Pod pod(String ns, String name) {
    return new PodBuilder()
        .withNewMetadata()
        .withNamespace(ns)
        .withName(name)
        .addToLabels("app", "bench")
        .endMetadata()
        .withNewSpec()
        .withNewSecurityContext()
        .withRunAsNonRoot(true)
        .withNewSeccompProfile()
        .withType("RuntimeDefault")
        .endSeccompProfile()
        .endSecurityContext()
        .addNewContainer()
        .withName("app")
        .withImage("registry.eu.example.com/shop/app:1.0")
        .withNewSecurityContext()
        .withAllowPrivilegeEscalation(false)
        .withNewCapabilities()
        .withDrop("ALL")
        .endCapabilities()
        .endSecurityContext()
        .endContainer()
        .endSpec()
        .build();
  }
}
