package dev.enclave.bench;

import dev.enclave.core.sync.SyncPolicy;
import dev.enclave.syncer.HostSerialization;
import dev.enclave.syncer.Syncer;
import dev.enclave.syncer.SyncerOptions;
import dev.enclave.syncer.translate.PodContext;
import dev.enclave.syncer.translate.PodEnforcer;
import dev.enclave.syncer.translate.Translation;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.vertx.VertxHttpClientFactory;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * {@code bench/run syncer-throughput}: the syncer between a tenant API server ({@link
 * InMemoryApiServer}, a child JVM) and a host API server (fabric8's CRUD mock, {@link
 * CountingMockServer}, a child JVM), in this JVM with the same Vert.x client and default client
 * configuration as {@code SyncerMain}. The host server is the one both measurements share; it
 * records when it created each pod itself ({@link CreatedPods}), so no client watch costs either
 * side CPU.
 *
 * <p>CPUs ({@link CpuPlacement}): the tenant control plane, that is the tenant API server and the
 * syncer, gets CPU 1, as containers of one control-plane pod; CPU 0 runs what is elsewhere in
 * production and identical in both measurements: the host API server and the threads that create
 * pods ({@link RawPodWriter}, JSON serialized before the clock starts).
 *
 * <ol>
 *   <li>Warm-up: six times 5,000 pods by each path, deleted again, so neither is measured while
 *       the JIT compiles it (the CRUD mock gets about 1.5 times faster after its first 5,000, the
 *       syncer's path on one CPU kept getting faster for about 15,000, and the tenant API server,
 *       measured alone, goes from 340 to about 30 µs of CPU per create over its first 30,000).
 *   <li>Rounds (9): a bare client creates the 5,000 pods the syncer would write on the host server
 *       (in a namespace the syncer does not watch) from 4 threads, then deletes them; then the
 *       tenant creates 5,000 pods from 4 threads. Each rate is pods from the first create to the
 *       host server's last; the reported rates are the medians, {@code rounds} has each pair. Heap
 *       is this JVM's used heap after GC with the first burst synced minus the same with the syncer
 *       idle (the stores are in other JVMs).
 *   <li>Loaded steady phase: 1,000 pods at 200 pods/s with the last burst's 5,000 pods stored.
 *   <li>Steady phase: all pods deleted in the tenant and gone from the host; then 1,000 pods at 200
 *       pods/s. Its latencies (tenant create to host create) are the reported p50 and p99.
 * </ol>
 *
 * {@code syncerCpuMsPerPod} is this JVM's CPU in the first burst minus the same for the tenant load
 * alone (measured last, warm, with the syncer stopped), per pod.
 *
 * <p>Pods use the default service account with its token automounted, so the syncer also writes one
 * token Secret for that account, which the baseline does not.
 */
public final class SyncerThroughputBenchmark {
  private static final int PODS = 5000;
  private static final int STEADY_PODS = 1000;
  private static final int STEADY_RATE = 200;
  private static final int THREADS = 4;
  private static final int WARM_UP_PODS = 5000;
  private static final int WARM_UPS = 6;
  private static final int ROUNDS = 9;
  private static final String HOST_NS = "tc-tenants-eu-bench";

  /** The bare client's pods: same server, a namespace the syncer does not watch. */
  private static final String BASELINE_NS = HOST_NS + "-baseline";

  private static final String SYNCER_AGENT = "enclave-syncer";
  private static final String LOAD_THREAD = "bench-load-";

  /** The threads that create pods, tenant load and bare baseline alike, pinned outside. */
  private static final ThreadPoolExecutor LOAD =
      new ThreadPoolExecutor(
          THREADS,
          THREADS,
          0,
          TimeUnit.SECONDS,
          new LinkedBlockingQueue<>(),
          new ThreadFactory() {
            private final AtomicInteger next = new AtomicInteger();

            @Override
            public Thread newThread(Runnable r) {
              Thread t = new Thread(r, LOAD_THREAD + next.getAndIncrement());
              t.setDaemon(true);
              return t;
            }
          });

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

  /** One group of pods in its own tenant namespace, with create times indexed by pod number. */
  private record Phase(String namespace, int count, long[] tenantCreated, long[] hostCreated) {
    Phase(String namespace, int count) {
      this(namespace, count, new long[count], new long[count]);
    }

    String name(int i) {
      return namespace.charAt(0) + Integer.toString(i);
    }

    long lastHostCreate() {
      return Arrays.stream(hostCreated).max().orElseThrow();
    }

    double[] latenciesMs() {
      double[] ms = new double[count];
      for (int i = 0; i < count; i++) {
        ms[i] = (hostCreated[i] - tenantCreated[i]) / 1e6;
      }
      Arrays.sort(ms);
      return ms;
    }
  }

  /** The two API servers, and their processes for CPU accounting. */
  private record Servers(
      String tenantUrl, String hostUrl, ProcessHandle tenant, ProcessHandle host) {

    /** CPU seconds used so far by the tenant server, the host server and this JVM. */
    double[] cpuSeconds() {
      return new double[] {cpu(tenant), cpu(host), cpu(ProcessHandle.current())};
    }

    private static double cpu(ProcessHandle process) {
      return process.info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(Double.NaN);
    }
  }

  public static void main(String[] args) throws Exception {
    CountingMockServer.quietJavaUtilLogging();
    Path results = Path.of(args.length > 0 ? args[0] : "bench/results/syncer-throughput.json");
    CpuPlacement placement = CpuPlacement.split();
    System.setProperty(BenchmarkResult.CORES_PROPERTY, Integer.toString(placement.cores()));
    placement.pinThisProcess();
    LOAD.prestartAllCoreThreads();
    // a new thread's name reaches /proc only once it runs: look until all are there
    for (int tries = 0; placement.isolated(); tries++) {
      if (placement.pinThreadsOutside(LOAD_THREAD) == THREADS) {
        break;
      }
      if (tries == 100) {
        throw new IllegalStateException("could not find the " + THREADS + " load threads to pin");
      }
      Thread.sleep(20);
    }
    Process tenantServer =
        CountingMockServer.spawn(
            placement.prefix(placement.systemCpus()),
            InMemoryApiServer.JVM_OPTIONS,
            InMemoryApiServer.class);
    Process hostServer =
        CountingMockServer.spawn(
            placement.prefix(placement.outsideCpus()), CountingMockServer.class);
    try {
      run(
          new Servers(
              "http://127.0.0.1:" + CountingMockServer.awaitPort(tenantServer),
              "http://127.0.0.1:" + CountingMockServer.awaitPort(hostServer),
              tenantServer.toHandle(),
              hostServer.toHandle()),
          placement,
          results);
    } finally {
      for (Process server : List.of(tenantServer, hostServer)) {
        try (OutputStream stdin = server.getOutputStream()) {
          stdin.flush();
        }
        server.waitFor(10, TimeUnit.SECONDS);
        server.destroy();
      }
    }
    System.exit(0);
  }

  private static void run(Servers servers, CpuPlacement placement, Path results) throws Exception {
    String tenantUrl = servers.tenantUrl();
    String hostUrl = servers.hostUrl();
    KubernetesClient benchTenant = client(tenantUrl, "bench-tenant");
    RawPodWriter tenantLoad = new RawPodWriter(tenantUrl, "bench-tenant");
    KubernetesClient benchHost = client(hostUrl, "bench-host");
    RawPodWriter bare = new RawPodWriter(hostUrl, "baseline");
    HostTimes host = new HostTimes(hostUrl, benchHost);

    for (int w = 0; w < WARM_UPS; w++) {
      Phase warmBaseline = new Phase("warmbaseline" + w, WARM_UP_PODS);
      byte[][] warmUp = translated(warmBaseline);
      parallel(WARM_UP_PODS, i -> bare.create(BASELINE_NS, warmUp[i]));
      host.awaitCreated(warmBaseline);
      benchHost.pods().inNamespace(BASELINE_NS).delete();
      host.awaitNoPods(BASELINE_NS);
    }

    long heapBefore = usedHeapAfterGc();
    Syncer syncer =
        Syncer.start(
            client(tenantUrl, SYNCER_AGENT),
            syncerHostClient(hostUrl),
            POLICY,
            SyncerOptions.defaults().withTenantEndpoints("10.96.0.10", "10.96.0.53"));
    for (int w = 0; w < WARM_UPS; w++) {
      Phase warmSyncer = new Phase("warmsyncer" + w, WARM_UP_PODS);
      byte[][] warmSyncerPods = serialized(warmSyncer);
      parallel(WARM_UP_PODS, i -> createTenantPod(tenantLoad, warmSyncer, warmSyncerPods, i));
      host.awaitCreated(warmSyncer);
      benchTenant.pods().inNamespace(warmSyncer.namespace()).delete();
      host.awaitNoPods(HOST_NS);
      awaitIdle(syncer);
    }
    long heapIdle = usedHeapAfterGc();

    // Rounds of baseline then burst, each pair close in time; the medians are reported.
    List<Map<String, Object>> rounds = new ArrayList<>();
    double[] baselineRates = new double[ROUNDS];
    double[] burstRates = new double[ROUNDS];
    double[] cpuBaseline = null;
    double[] cpuBurst = null;
    long hostWrites = 0;
    long tenantWrites = 0;
    long heapBurst = 0;
    Phase burst = null;
    for (int r = 0; r < ROUNDS; r++) {
      if (burst != null) {
        // every round starts from the same host server state
        benchTenant.pods().inNamespace(burst.namespace()).delete();
        host.awaitNoPods(HOST_NS);
        awaitIdle(syncer);
      }
      Phase baseline = new Phase("baseline" + r, PODS);
      byte[][] translated = translated(baseline);
      double[] cpu = servers.cpuSeconds();
      long start = BenchClock.epochNanos();
      parallel(PODS, i -> bare.create(BASELINE_NS, translated[i]));
      host.awaitCreated(baseline);
      baselineRates[r] = PODS / BenchmarkResult.seconds(baseline.lastHostCreate() - start);
      cpu = minus(servers.cpuSeconds(), cpu);
      cpuBaseline = cpuBaseline == null ? cpu : cpuBaseline;
      benchHost.pods().inNamespace(BASELINE_NS).delete();
      host.awaitNoPods(BASELINE_NS);

      burst = new Phase("burst" + r, PODS);
      Phase timed = burst;
      byte[][] burstPods = serialized(burst);
      Map<String, Long> hostWritesBefore = CountingMockServer.writes(hostUrl);
      Map<String, Long> tenantWritesBefore = CountingMockServer.writes(tenantUrl);
      cpu = servers.cpuSeconds();
      start = BenchClock.epochNanos();
      parallel(PODS, i -> createTenantPod(tenantLoad, timed, burstPods, i));
      host.awaitCreated(burst);
      burstRates[r] = PODS / BenchmarkResult.seconds(burst.lastHostCreate() - start);
      cpu = minus(servers.cpuSeconds(), cpu);
      awaitIdle(syncer);
      if (r == 0) {
        cpuBurst = cpu;
        hostWrites = writesBy(hostUrl, hostWritesBefore);
        tenantWrites = writesBy(tenantUrl, tenantWritesBefore);
        heapBurst = usedHeapAfterGc();
      }
      Map<String, Object> round = new LinkedHashMap<>();
      round.put("baselinePodsPerSecond", Math.round(baselineRates[r] * 10) / 10d);
      round.put("podsPerSecond", Math.round(burstRates[r] * 10) / 10d);
      round.put("ratio", Math.round(burstRates[r] / baselineRates[r] * 1000) / 1000d);
      rounds.add(round);
    }
    double podsPerSecond = median(burstRates);
    double baselinePodsPerSecond = median(baselineRates);

    Phase loaded = new Phase("loaded", STEADY_PODS);
    steadyRate(tenantLoad, loaded);
    host.awaitCreated(loaded);

    benchTenant.pods().inNamespace(burst.namespace()).delete();
    benchTenant.pods().inNamespace(loaded.namespace()).delete();
    host.awaitNoPods(HOST_NS);
    awaitIdle(syncer);

    Phase steady = new Phase("steady", STEADY_PODS);
    steadyRate(tenantLoad, steady);
    host.awaitCreated(steady);
    awaitIdle(syncer);
    syncer.close();

    // The load alone, warm and with no syncer: what a burst costs besides the syncer itself.
    Phase loadOnly = new Phase("xload", PODS);
    byte[][] loadOnlyPods = serialized(loadOnly);
    double[] cpuLoadOnly = servers.cpuSeconds();
    parallel(PODS, i -> createTenantPod(tenantLoad, loadOnly, loadOnlyPods, i));
    cpuLoadOnly = minus(servers.cpuSeconds(), cpuLoadOnly);

    double[] loadedMs = loaded.latenciesMs();
    double[] steadyMs = steady.latenciesMs();
    new BenchmarkResult()
        .put("pods", PODS)
        .put("rounds", rounds)
        .put("podsPerSecond", podsPerSecond)
        .put("baselinePodsPerSecond", baselinePodsPerSecond)
        .put("ratio", podsPerSecond / baselinePodsPerSecond)
        .put("p50Ms", percentile(steadyMs, 0.50))
        .put("p99Ms", percentile(steadyMs, 0.99))
        .put("heapBytesPer1000Pods", (heapBurst - heapIdle) * 1000 / PODS)
        .put("syncerIdleHeapBytes", heapIdle - heapBefore)
        .put("hostWritesPerBurstPod", (double) hostWrites / PODS)
        .put("tenantWritesPerBurstPod", (double) tenantWrites / PODS)
        .put("firstRoundBurstCpuSeconds", cpu(cpuBurst))
        .put("firstRoundBaselineCpuSeconds", cpu(cpuBaseline))
        .put("tenantLoadOnlyCpuSeconds", cpu(cpuLoadOnly))
        .put("syncerCpuMsPerPod", (cpuBurst[2] - cpuLoadOnly[2]) * 1000 / PODS)
        .put("firstRoundBurstSeconds", PODS / burstRates[0])
        .put("firstRoundBaselineSeconds", PODS / baselineRates[0])
        .put("steadyPods", STEADY_PODS)
        .put("steadyRatePerSecond", STEADY_RATE)
        .put(
            "steadyPhase",
            "after the burst drained and its pods were deleted in the tenant and gone from the"
                + " host")
        .put(
            "servers",
            "host: fabric8's CRUD mock (child JVM), as for the baseline; tenant: InMemoryApiServer"
                + " (child JVM); syncer and load clients in this JVM")
        .put("cpuPlacement", placement.describe())
        .put("loadedP50Ms", percentile(loadedMs, 0.50))
        .put("loadedP99Ms", percentile(loadedMs, 0.99))
        .put("loadedPhase", "200 pods/s with the last burst's 5,000 pods still on both servers")
        .put("threads", THREADS)
        .write(results);
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  private static long writesBy(String url, Map<String, Long> before) throws Exception {
    return CountingMockServer.writes(url).getOrDefault(SYNCER_AGENT, 0L)
        - before.getOrDefault(SYNCER_AGENT, 0L);
  }

  private static double[] minus(double[] after, double[] before) {
    double[] d = new double[after.length];
    for (int i = 0; i < d.length; i++) {
      d[i] = after[i] - before[i];
    }
    return d;
  }

  private static Map<String, Double> cpu(double[] seconds) {
    Map<String, Double> named = new LinkedHashMap<>();
    named.put("tenantServer", Math.round(seconds[0] * 100) / 100d);
    named.put("hostServer", Math.round(seconds[1] * 100) / 100d);
    named.put("syncerAndLoadClients", Math.round(seconds[2] * 100) / 100d);
    return named;
  }

  /**
   * The host pods the syncer would write for a phase's tenant pods, for the bare client (in its own
   * namespace).
   */
  private static byte[][] translated(Phase phase) {
    byte[][] translated = new byte[phase.count()][];
    for (int i = 0; i < phase.count(); i++) {
      Pod tenantPod = pod(phase.namespace(), phase.name(i));
      tenantPod.getMetadata().setUid(phase.namespace() + "-" + i);
      Translation<Pod> t =
          PodEnforcer.toHost(tenantPod, POLICY, PodContext.of("10.96.0.10", "10.96.0.53"));
      Pod hostPod = ((Translation.Synced<Pod>) t).hostObject();
      hostPod.getMetadata().setNamespace(BASELINE_NS);
      translated[i] = RawPodWriter.json(hostPod);
    }
    return translated;
  }

  /** A phase's tenant pods, serialized before any clock starts. */
  private static byte[][] serialized(Phase phase) {
    byte[][] pods = new byte[phase.count()][];
    for (int i = 0; i < phase.count(); i++) {
      pods[i] = RawPodWriter.json(pod(phase.namespace(), phase.name(i)));
    }
    return pods;
  }

  /** Creates a phase's pods at {@link #STEADY_RATE}, sleeping (not spinning) between them. */
  private static void steadyRate(RawPodWriter tenant, Phase phase) throws Exception {
    byte[][] pods = serialized(phase);
    LOAD.submit(
            () -> {
              paced(tenant, phase, pods);
              return null;
            })
        .get();
  }

  private static void paced(RawPodWriter tenant, Phase phase, byte[][] pods) throws Exception {
    long start = BenchClock.epochNanos();
    long interval = TimeUnit.SECONDS.toNanos(1) / STEADY_RATE;
    for (int i = 0; i < phase.count(); i++) {
      long wait = start + i * interval - BenchClock.epochNanos();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
      }
      createTenantPod(tenant, phase, pods, i);
    }
  }

  private static void createTenantPod(RawPodWriter tenant, Phase phase, byte[][] pods, int i)
      throws Exception {
    phase.tenantCreated()[i] = BenchClock.epochNanos();
    tenant.create(phase.namespace(), pods[i]);
  }

  /** When the host server created each pod (it times them itself), and whether any is left. */
  private record HostTimes(String url, KubernetesClient client) {
    void awaitCreated(Phase phase) throws Exception {
      await(
          () -> CountingMockServer.createdCount(url, phase.namespace()) == phase.count(),
          "the host pods of " + phase.namespace(),
          50);
      CountingMockServer.created(url, phase.namespace())
          .forEach(
              (name, nanos) -> phase.hostCreated()[Integer.parseInt(name.substring(1))] = nanos);
    }

    void awaitNoPods(String namespace) throws Exception {
      await(
          () -> client.pods().inNamespace(namespace).list().getItems().isEmpty(),
          "the deletion of the host pods",
          100);
    }
  }

  private interface Step {
    void run(int i) throws Exception;
  }

  private static void parallel(int count, Step step) throws Exception {
    AtomicInteger next = new AtomicInteger();
    List<Future<?>> done = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      done.add(
          LOAD.submit(
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
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    await(condition, what, 5);
  }

  private static void await(BooleanSupplier condition, String what, long pollMillis)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(what + ": not within 5 minutes");
      }
      Thread.sleep(pollMillis);
    }
  }

  private static void awaitIdle(Syncer syncer) throws InterruptedException {
    await(syncer::isIdle, "an idle syncer");
  }

  private static double percentile(double[] sorted, double p) {
    return sorted[(int) Math.ceil(sorted.length * p) - 1];
  }

  private static long usedHeapAfterGc() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(200);
    }
    Runtime rt = Runtime.getRuntime();
    return rt.totalMemory() - rt.freeMemory();
  }

  /**
   * A Vert.x client named by its User-Agent so the host server can count its writes. Its
   * configuration starts from {@code Config.empty()}, as {@code SyncerMain}'s come from a
   * kubeconfig and the in-cluster service account: fabric8 refreshes a {@code new ConfigBuilder()}
   * configuration without a token by reading the whole environment again on every request once the
   * client is a minute old (about 40 microseconds each here, {@code TokenRefreshInterceptor}),
   * which production clients do not pay.
   */
  private static KubernetesClient client(String url, String userAgent) {
    return new KubernetesClientBuilder()
        .withHttpClientFactory(new VertxHttpClientFactory())
        .withConfig(config(url, userAgent))
        .build();
  }

  /** The syncer's host client, reading pods as {@code SyncerMain}'s does. */
  private static KubernetesClient syncerHostClient(String url) {
    return new KubernetesClientBuilder()
        .withHttpClientFactory(new VertxHttpClientFactory())
        .withConfig(config(url, SYNCER_AGENT))
        .withKubernetesSerialization(HostSerialization.create())
        .build();
  }

  private static Config config(String url, String userAgent) {
    return new ConfigBuilder(Config.empty())
        .withMasterUrl(url)
        .withNamespace("default")
        .withUserAgent(userAgent)
        .build();
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
