package dev.enclave.bench;

import dev.enclave.core.sync.SyncPolicy;
import dev.enclave.syncer.HostSerialization;
import dev.enclave.syncer.Syncer;
import dev.enclave.syncer.SyncerOptions;
import dev.enclave.syncer.translate.PodContext;
import dev.enclave.syncer.translate.PodEnforcer;
import dev.enclave.syncer.translate.Translation;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import java.nio.file.Path;
import java.time.Duration;
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
 * {@code bench/run syncer-throughput}: the syncer between a tenant API server and a host API
 * server, both real: etcd and a bare kube-apiserver each, from the testbed's component cache
 * ({@link BareApiServer}); the syncer runs in this JVM with the default Vert.x client, as {@code
 * SyncerMain} does, and talks to both servers as their admin. Host pods are timed on arrival by
 * one watch of the host's pods ({@link HostPodWatch}), the same for both measurements.
 *
 * <p>The host server runs no scheduler and no KWOK: its pods stay Pending, so what is measured is
 * the create path, as before on the CRUD mock. (The testbed's scheduler binds about 50 pods/s at
 * its default client rate limit; it would set the pace of both paths and leave each round's
 * bindings running into the next.)
 *
 * <p>CPUs ({@link CpuPlacement}): the tenant control plane, that is the tenant's etcd and API
 * server and the syncer, gets CPU 1, as containers of one control-plane pod; CPU 0 runs what is
 * elsewhere in production and identical in both measurements: the host's etcd and API server, the
 * threads that create pods ({@link RawPodWriter}, JSON serialized before the clock starts) and the
 * host pod watch. Other work on the machine shares both CPUs, hence the baseline in every round.
 *
 * <ol>
 *   <li>Warm-up: {@link #WARM_UPS} times {@link #PODS} pods by each path, deleted again, so neither
 *       is measured while the JIT compiles the syncer's path.
 *   <li>Rounds ({@link #ROUNDS}): a bare client creates the pods the syncer would write on the host
 *       (in a namespace the syncer does not watch) from 4 threads, then deletes them; then the
 *       tenant creates as many pods from 4 threads. Each rate is pods from the first create to the
 *       host's last; the reported rates are the medians, {@code rounds} has each pair. Heap is this
 *       JVM's used heap after GC with the first burst synced minus the same with the syncer idle.
 *   <li>Loaded steady phase: {@link #STEADY_PODS} pods at {@link #STEADY_RATE} pods/s with the
 *       last burst's pods stored.
 *   <li>Steady phase: all pods deleted in the tenant and gone from the host; then the same again.
 *       Its latencies (tenant create to host create) are the reported p50 and p99.
 * </ol>
 *
 * {@code syncerCpuMsPerPod} is this JVM's CPU in the first burst minus the same for the tenant load
 * alone (measured last, warm, with the syncer stopped), per pod. Writes are counted by the
 * syncer's own clients ({@link WriteCounter}).
 *
 * <p>Pods use the default service account with its token automounted, so the syncer also writes one
 * token Secret for that account, which the baseline does not. Every wait is bounded ({@link
 * #WAIT}).
 */
public final class SyncerThroughputBenchmark {
  /**
   * Pods per burst. The CRUD mock runs took 5,000 (about 2.5 s a burst); a real kube-apiserver on
   * this shared 2-core machine creates 50 to 250 pods/s, so 5,000-pod bursts would make one run
   * take over an hour: 1,000, with three warm-ups per path and five rounds, fit in about 15 min.
   */
  private static final int PODS = Integer.getInteger("enclave.bench.pods", 1000);

  /**
   * The steady phases: well under what the synced path takes in a burst on this shared machine
   * (about 40 pods/s in the first run; 50 pods/s built a backlog), as 200/s was for the mock.
   */
  private static final int STEADY_PODS = 500;

  private static final int STEADY_RATE = 20;
  private static final int THREADS = 4;
  private static final int WARM_UPS = Integer.getInteger("enclave.bench.warmUps", 3);
  private static final int ROUNDS = Integer.getInteger("enclave.bench.rounds", 5);
  private static final Duration WAIT = Duration.ofMinutes(5);
  static final String HOST_NS = "tc-tenants-eu-bench";

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

  static final SyncPolicy POLICY =
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

  /** The two API servers, for CPU accounting. */
  private record Servers(BareApiServer tenant, BareApiServer host) {
    /** CPU seconds used so far by the tenant server, the host server (each with its etcd), this JVM. */
    double[] cpuSeconds() {
      return new double[] {
        tenant.cpuSeconds(),
        host.cpuSeconds(),
        ProcessHandle.current().info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(Double.NaN)
      };
    }
  }

  public static void main(String[] args) throws Exception {
    Path results = Path.of(args.length > 0 ? args[0] : "bench/results/syncer-throughput.json");
    CpuPlacement placement = CpuPlacement.split();
    System.setProperty(BenchmarkResult.CORES_PROPERTY, Integer.toString(placement.cores()));
    placement.pinThisProcess();
    LOAD.prestartAllCoreThreads();
    pinOutside(placement, LOAD_THREAD, THREADS);
    int exit = 1;
    try (BareApiServer tenant =
            BareApiServer.start(
                "tenant", serverFlags(BareApiServer.TENANT_FLAGS), placement, placement.systemCpus());
        BareApiServer host =
            BareApiServer.start(
                "host", serverFlags(BareApiServer.HOST_FLAGS), placement, placement.outsideCpus())) {
      run(new Servers(tenant, host), placement, results);
      exit = 0;
    } catch (Exception | Error e) {
      e.printStackTrace();
    } finally {
      // both servers are stopped by pid above (the testbed's ledger also would, on exit)
      System.exit(exit);
    }
  }

  /** The testbed's flags, with deletes of a whole burst run by 4 workers (not a measured phase). */
  private static Map<String, String> serverFlags(Map<String, String> flags) {
    Map<String, String> all = new LinkedHashMap<>(flags);
    all.put("delete-collection-workers", "4");
    return all;
  }

  /** A new thread's name reaches /proc only once it runs: look until all are there (bounded). */
  private static void pinOutside(CpuPlacement placement, String prefix, int expected)
      throws Exception {
    for (int tries = 0; placement.isolated(); tries++) {
      if (placement.pinThreadsOutside(prefix) >= expected) {
        return;
      }
      if (tries == 100) {
        throw new IllegalStateException("could not find the " + expected + " " + prefix + " threads to pin");
      }
      Thread.sleep(20);
    }
  }

  private static void run(Servers servers, CpuPlacement placement, Path results) throws Exception {
    KubernetesClient benchTenant = servers.tenant().client("bench-tenant");
    RawPodWriter tenantLoad = new RawPodWriter(servers.tenant(), "bench-tenant");
    KubernetesClient benchHost = servers.host().client("bench-host");
    RawPodWriter bare = new RawPodWriter(servers.host(), "baseline");
    // the host ServiceAccount translated pods run as (the operator creates it in production)
    String hostAccount = hostPod(new Phase("sample", 1), 0).getSpec().getServiceAccountName();
    for (String ns : List.of(HOST_NS, BASELINE_NS)) {
      namespace(benchHost, ns, null);
      serviceAccount(benchHost, ns, hostAccount);
    }
    String rv = benchHost.pods().inAnyNamespace().list().getMetadata().getResourceVersion();
    HostPodWatch watch = new HostPodWatch(servers.host(), rv);
    pinOutside(placement, HostPodWatch.THREAD, 1);
    pinOutside(placement, "HttpClient-", 1);
    HostTimes host = new HostTimes(watch, benchHost);
    TenantNamespaces tenantNamespaces = new TenantNamespaces(benchTenant, servers.tenant().caPem());

    for (int w = 0; w < WARM_UPS; w++) {
      Phase warmBaseline = new Phase("warmbaseline" + w, PODS);
      byte[][] warmUp = translated(warmBaseline);
      parallel(PODS, i -> bare.create(BASELINE_NS, warmUp[i]));
      host.awaitCreated(warmBaseline);
      progress("baseline warm-up " + w);
      benchHost.pods().inNamespace(BASELINE_NS).delete();
      host.awaitNoPods(BASELINE_NS);
    }

    long heapBefore = usedHeapAfterGc();
    WriteCounter hostWriteCounter = new WriteCounter();
    WriteCounter tenantWriteCounter = new WriteCounter();
    Syncer syncer =
        Syncer.start(
            servers.tenant().client(SYNCER_AGENT, b -> counted(b, tenantWriteCounter)),
            servers.host().client(
                SYNCER_AGENT,
                b -> counted(b, hostWriteCounter).withKubernetesSerialization(HostSerialization.create())),
            POLICY,
            SyncerOptions.defaults().withTenantEndpoints("10.96.0.10", "10.96.0.53"));
    for (int w = 0; w < WARM_UPS; w++) {
      Phase warmSyncer = new Phase("warmsyncer" + w, PODS);
      tenantNamespaces.create(warmSyncer.namespace());
      byte[][] warmSyncerPods = serialized(warmSyncer);
      parallel(PODS, i -> createTenantPod(tenantLoad, warmSyncer, warmSyncerPods, i));
      host.awaitCreated(warmSyncer);
      progress("syncer warm-up " + w);
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
      progress("round " + r + " baseline");

      burst = new Phase("burst" + r, PODS);
      tenantNamespaces.create(burst.namespace());
      Phase timed = burst;
      byte[][] burstPods = serialized(burst);
      long hostWritesBefore = hostWriteCounter.writes();
      long tenantWritesBefore = tenantWriteCounter.writes();
      cpu = servers.cpuSeconds();
      start = BenchClock.epochNanos();
      parallel(PODS, i -> createTenantPod(tenantLoad, timed, burstPods, i));
      host.awaitCreated(burst);
      burstRates[r] = PODS / BenchmarkResult.seconds(burst.lastHostCreate() - start);
      cpu = minus(servers.cpuSeconds(), cpu);
      awaitIdle(syncer);
      if (r == 0) {
        cpuBurst = cpu;
        hostWrites = hostWriteCounter.writes() - hostWritesBefore;
        tenantWrites = tenantWriteCounter.writes() - tenantWritesBefore;
        heapBurst = usedHeapAfterGc();
      }
      Map<String, Object> round = new LinkedHashMap<>();
      round.put("baselinePodsPerSecond", Math.round(baselineRates[r] * 10) / 10d);
      round.put("podsPerSecond", Math.round(burstRates[r] * 10) / 10d);
      round.put("ratio", Math.round(burstRates[r] / baselineRates[r] * 1000) / 1000d);
      rounds.add(round);
      progress("round " + r + ": " + round);
    }
    double podsPerSecond = median(burstRates);
    double baselinePodsPerSecond = median(baselineRates);

    Phase loaded = new Phase("loaded", STEADY_PODS);
    tenantNamespaces.create(loaded.namespace());
    steadyRate(tenantLoad, loaded);
    host.awaitCreated(loaded);
    progress("loaded steady phase");

    benchTenant.pods().inNamespace(burst.namespace()).delete();
    benchTenant.pods().inNamespace(loaded.namespace()).delete();
    host.awaitNoPods(HOST_NS);
    awaitIdle(syncer);

    Phase steady = new Phase("steady", STEADY_PODS);
    tenantNamespaces.create(steady.namespace());
    steadyRate(tenantLoad, steady);
    host.awaitCreated(steady);
    progress("steady phase");
    awaitIdle(syncer);
    syncer.close();
    progress("syncer stopped");

    // The load alone, warm and with no syncer: what a burst costs besides the syncer itself.
    Phase loadOnly = new Phase("xload", PODS);
    tenantNamespaces.create(loadOnly.namespace());
    byte[][] loadOnlyPods = serialized(loadOnly);
    double[] cpuLoadOnly = servers.cpuSeconds();
    parallel(PODS, i -> createTenantPod(tenantLoad, loadOnly, loadOnlyPods, i));
    cpuLoadOnly = minus(servers.cpuSeconds(), cpuLoadOnly);
    watch.close();
    progress("tenant load alone");

    double[] loadedMs = loaded.latenciesMs();
    double[] steadyMs = steady.latenciesMs();
    new BenchmarkResult()
        .put("pods", PODS)
        .put("warmUps", WARM_UPS)
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
            "tenant and host: kube-apiserver "
                + servers.host().version()
                + " with an etcd each (testbed, bare: no controllers, scheduler or nodes; host pods"
                + " stay Pending); syncer, load clients and host pod watch in this JVM, all as admin")
        .put("cpuPlacement", placement.describe())
        .put("loadedP50Ms", percentile(loadedMs, 0.50))
        .put("loadedP99Ms", percentile(loadedMs, 0.99))
        .put(
            "loadedPhase",
            STEADY_RATE + " pods/s with the last burst's pods still on both servers")
        .put("threads", THREADS)
        .write(results);
  }

  private static KubernetesClientBuilder counted(KubernetesClientBuilder builder, WriteCounter counter) {
    return builder.withHttpClientBuilderConsumer(
        http -> http.addOrReplaceInterceptor("bench-write-counter", counter));
  }

  /** A namespace with its default ServiceAccount (the bare servers run no controller for it). */
  static void namespace(KubernetesClient client, String name, String caPem) {
    client.namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
        .create();
    serviceAccount(client, name, "default");
    if (caPem != null) {
      client.configMaps()
          .inNamespace(name)
          .resource(
              new ConfigMapBuilder()
                  .withNewMetadata()
                  .withName("kube-root-ca.crt")
                  .withNamespace(name)
                  .endMetadata()
                  .addToData("ca.crt", caPem)
                  .build())
          .create();
    }
  }

  static void serviceAccount(KubernetesClient client, String namespace, String name) {
    client.serviceAccounts()
        .inNamespace(namespace)
        .resource(
            new ServiceAccountBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .endMetadata()
                .build())
        .createOr(NonDeletingOperation::update);
  }

  /** Tenant namespaces as the tenant's controller-manager would leave them (before any clock). */
  private record TenantNamespaces(KubernetesClient tenant, String caPem) {
    void create(String name) {
      namespace(tenant, name, caPem);
    }
  }

  private static final long STARTED = System.nanoTime();

  private static void progress(String what) {
    System.err.printf("[%6.1f s] %s%n", (System.nanoTime() - STARTED) / 1e9, what);
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
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
      Pod hostPod = hostPod(phase, i);
      hostPod.getMetadata().setNamespace(BASELINE_NS);
      translated[i] = RawPodWriter.json(hostPod);
    }
    return translated;
  }

  /** The host pod the syncer writes for a phase's tenant pod {@code i}. */
  private static Pod hostPod(Phase phase, int i) {
    Pod tenantPod = pod(phase.namespace(), phase.name(i));
    tenantPod.getMetadata().setUid(phase.namespace() + "-" + i);
    Translation<Pod> t =
        PodEnforcer.toHost(tenantPod, POLICY, PodContext.of("10.96.0.10", "10.96.0.53"));
    return ((Translation.Synced<Pod>) t).hostObject();
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

  /** When the host created each pod (seen by the watch), and whether any is left. */
  private record HostTimes(HostPodWatch watch, KubernetesClient client) {
    void awaitCreated(Phase phase) throws Exception {
      await(
          () -> watch.count(phase.namespace()) == phase.count(),
          "the host pods of " + phase.namespace(),
          20);
      watch
          .created(phase.namespace())
          .forEach(
              (name, nanos) -> phase.hostCreated()[Integer.parseInt(name.substring(1))] = nanos);
    }

    void awaitNoPods(String namespace) throws Exception {
      await(
          () ->
              client.pods().inNamespace(namespace).list(new ListOptionsBuilder().withLimit(1L).build())
                  .getItems()
                  .isEmpty(),
          "the deletion of the host pods",
          200);
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
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(what + ": not within " + WAIT.toMinutes() + " minutes");
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

  /** A restricted-compliant pod from the jurisdiction's registry, default service account. */
  static Pod pod(String ns, String name) {
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
