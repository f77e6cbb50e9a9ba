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
import dev.enclave.operator.WebhookCertificateConfig;
import dev.enclave.operator.ops.ReconcileMetrics;
import dev.enclave.operator.tenant.TenantClusterReconciler;
import dev.enclave.testbed.Testbed;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.io.IOException;
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
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * {@code bench/run operator-coldstart}: 1,000 TenantClusters are declared on a real host API
 * server (etcd and a bare kube-apiserver from the testbed's component cache, {@link
 * BareApiServer}, with the Enclave CRDs of the chart) before the operator starts in this JVM; the
 * figure is the time until every one is Ready, with the operator's write requests (counted by its
 * own client, {@link WriteCounter}) and heap per tenant. The host runs no controllers and no
 * kubelets, so a minimal simulated kubelet marks each control-plane StatefulSet ready as soon as it
 * exists (its writes are counted apart), as before on the CRUD mock. Once all are Ready, the
 * steady state is measured over two resync periods ({@link Steady}): writes per minute, reconciles
 * and their p99, heap.
 *
 * <p>1,000 tenant API servers cannot run here: every tenant's own API is one shared bare
 * kube-apiserver ({@code tenant-api}, its writes counted apart). The tenant RBAC objects are
 * cluster-scoped with fixed names, so after the first tenant each costs reads only. What is not
 * measured: 1,000 real tenant control planes starting (pods, images, etcd, API servers), scheduling,
 * the webhook and the namespace controller.
 *
 * <p>The baseline, in the same run, is a bare client creating the same host objects (control-plane
 * objects and PKI Secrets, prepared beforehand) on a fresh server of the same kind in the same state
 * (the same declarations), from as many threads as the operator has reconcile threads, each tenant's
 * objects in order. (On the CRUD mock it was one thread: the mock served one request at a time; a
 * real API server serves the operator's 16 in parallel, so a one-thread loop would be the slower
 * side.) Every wait is bounded ({@link #TIMEOUT}).
 */
public final class OperatorColdstartBenchmark {
  private static final int TENANTS = Integer.getInteger("enclave.bench.tenants", 1000);
  private static final Duration TIMEOUT = Duration.ofMinutes(20);
  /** The operator's resync period: every tenant is reconciled at least this often. */
  private static final Duration RESYNC = Duration.ofSeconds(60);
  private static final Duration STEADY_WINDOW = RESYNC.multipliedBy(2);

  public static void main(String[] args) throws Exception {
    Path results = Path.of(args.length > 0 ? args[0] : "bench/results/operator-coldstart.json");
    Path work = Files.createTempDirectory("enclave-bench-coldstart");
    // Every tenant on its own embedded etcd: a tenant of a shared DataStore waits for the store's
    // admin Secret (DataStoreReady), and the generated stores' endpoints are not on this machine.
    PlatformGenerator.write(work.resolve("platform"), TENANTS, true);
    Platform platform = new GitOpsLoader().load(work.resolve("platform")).platform();
    int exit = 1;
    try {
      Run operatorRun;
      try (BareApiServer tenantApi = start("tenant-api", BareApiServer.TENANT_FLAGS)) {
        operatorRun = onFreshServer("host-operator", platform, s -> runOperator(s, tenantApi));
      }
      long prepareStart = System.nanoTime();
      List<List<HasMetadata>> objects = baselineObjects(platform);
      double prepare = BenchmarkResult.seconds(System.nanoTime() - prepareStart);
      Run baselineRun = onFreshServer("host-baseline", platform, s -> runBaseline(s, objects));

      new BenchmarkResult()
          .put("tenants", TENANTS)
          .put("seconds", operatorRun.seconds())
          .put("baselineSeconds", baselineRun.seconds())
          .put("ratio", operatorRun.seconds() / baselineRun.seconds())
          .put("writes", operatorRun.writes())
          .put("writesPerTenant", (double) operatorRun.writes() / TENANTS)
          .put("tenantApiWrites", operatorRun.tenantWrites())
          .put("baselineWrites", baselineRun.writes())
          .put("baselineThreads", EnclaveOperator.RECONCILIATION_THREADS)
          .put("baselinePrepareSeconds", prepare)
          .put("heapBytesPerTenant", operatorRun.heapBytes() / TENANTS)
          .put("operatorThreads", EnclaveOperator.RECONCILIATION_THREADS)
          .put("resyncSeconds", RESYNC.toSeconds())
          .put("steadyWindowSeconds", operatorRun.steady().windowSeconds())
          .put("steadyReconciles", operatorRun.steady().reconciles())
          .put("steadyWritesPerMinute", operatorRun.steady().writesPerMinute())
          .put("steadyTenantApiWritesPerMinute", operatorRun.steady().tenantApiWritesPerMinute())
          .put("steadyReconcileP99Seconds", operatorRun.steady().reconcileP99Seconds())
          .put("steadyHeapBytesPerTenant", operatorRun.steady().heapBytes() / TENANTS)
          .put("hostServerCpuSeconds", operatorRun.serverCpuSeconds())
          .put("baselineHostServerCpuSeconds", baselineRun.serverCpuSeconds())
          .put("operatorJvmCpuSeconds", operatorRun.clientCpuSeconds())
          .put(
              "servers",
              "host: kube-apiserver with its etcd (testbed, bare: no controllers, no kubelets;"
                  + " a simulated kubelet marks StatefulSets ready), a fresh one per run; tenant"
                  + " API: one shared bare kube-apiserver for every tenant; clients as admin")
          .write(results);
      exit = 0;
    } catch (Exception | Error e) {
      e.printStackTrace();
    } finally {
      System.exit(exit);
    }
  }

  /** Time, write requests, heap growth and CPU of one measured run. */
  private record Run(
      double seconds,
      long writes,
      long tenantWrites,
      long heapBytes,
      double serverCpuSeconds,
      double clientCpuSeconds,
      Steady steady) {}

  /**
   * The operator's steady state once every tenant is Ready: {@link #STEADY_WINDOW} (two resync
   * periods, so every tenant is reconciled at least twice) of writes, reconciles and their p99 (the
   * upper bound of its histogram bucket), and the heap after it.
   */
  private record Steady(
      double windowSeconds,
      long reconciles,
      double writesPerMinute,
      double tenantApiWritesPerMinute,
      double reconcileP99Seconds,
      long heapBytes) {}

  private interface Measured {
    Run run(BareApiServer server) throws Exception;
  }

  private static BareApiServer start(String name, Map<String, String> flags) {
    return BareApiServer.start(name, flags, CpuPlacement.none(), null);
  }

  /**
   * Starts a host API server, declares the platform on it and measures one run there. Both runs
   * start from the same state: a fresh server holding the same declarations.
   */
  private static Run onFreshServer(String name, Platform platform, Measured measured)
      throws Exception {
    try (BareApiServer server = start(name, BareApiServer.HOST_FLAGS);
        KubernetesClient setup = server.client("bench-setup")) {
      Crds.install(setup);
      Crds.declare(setup, platform);
      return measured.run(server);
    }
  }

  /** The operator, started with every tenant already declared, until all are Ready. */
  private static Run runOperator(BareApiServer server, BareApiServer tenantApiServer)
      throws Exception {
    WriteCounter operatorWrites = new WriteCounter();
    WriteCounter tenantWrites = new WriteCounter();
    try (KubernetesClient kubelet = server.client("simulated-kubelet");
        KubernetesClient watcher = server.client("bench-readiness");
        KubernetesClient operatorClient =
            server.client("enclave-operator", b -> counted(b, operatorWrites));
        KubernetesClient tenantApi =
            tenantApiServer.client("tenant-api", b -> counted(b, tenantWrites))) {
      SimulatedKubelet readiness = SimulatedKubelet.start(kubelet);
      ReadyTenants ready = new ReadyTenants(watcher, TENANTS);
      long heapBefore = usedHeapAfterGc();
      double serverCpu = server.cpuSeconds();
      double clientCpu = jvmCpuSeconds();
      long start = System.nanoTime();
      EnclaveOperator operator =
          EnclaveOperator.start(
              operatorClient, config(), Clock.systemUTC(), (t, s) -> Optional.of(tenantApi));
      ready.await(TIMEOUT);
      double seconds = BenchmarkResult.seconds(System.nanoTime() - start);
      serverCpu = server.cpuSeconds() - serverCpu;
      clientCpu = jvmCpuSeconds() - clientCpu;
      long heapAfter = usedHeapAfterGc();
      long writes = operatorWrites.writes();
      Steady steady = steadyState(operator, operatorWrites, tenantWrites, heapBefore);
      operator.close();
      readiness.close();
      ready.close();
      return new Run(
          seconds,
          writes,
          tenantWrites.writes(),
          Math.max(0, heapAfter - heapBefore),
          serverCpu,
          clientCpu,
          steady);
    }
  }

  private static Steady steadyState(
      EnclaveOperator operator, WriteCounter writes, WriteCounter tenantWrites, long heapBefore)
      throws InterruptedException {
    long w0 = writes.writes();
    long t0 = tenantWrites.writes();
    long[] h0 = operator.reconcileHistogram(TenantClusterReconciler.NAME);
    long start = System.nanoTime();
    Thread.sleep(STEADY_WINDOW.toMillis());
    double seconds = BenchmarkResult.seconds(System.nanoTime() - start);
    long[] h1 = operator.reconcileHistogram(TenantClusterReconciler.NAME);
    long[] delta = new long[h1.length];
    for (int i = 0; i < h1.length; i++) {
      delta[i] = h1[i] - h0[i];
    }
    long reconciles = delta[delta.length - 1];
    double[] bounds = ReconcileMetrics.bounds();
    double p99 = Double.NaN;
    for (int i = 0; i < bounds.length; i++) {
      if (reconciles > 0 && delta[i] >= Math.ceil(reconciles * 0.99)) {
        p99 = bounds[i];
        break;
      }
    }
    double minutes = seconds / 60;
    return new Steady(
        seconds,
        reconciles,
        (writes.writes() - w0) / minutes,
        (tenantWrites.writes() - t0) / minutes,
        p99,
        Math.max(0, usedHeapAfterGc() - heapBefore));
  }

  /** A bare client creating the same host objects: tenants in parallel, each one's in order. */
  private static Run runBaseline(BareApiServer server, List<List<HasMetadata>> tenants)
      throws Exception {
    WriteCounter writes = new WriteCounter();
    try (KubernetesClient bare = server.client("baseline", b -> counted(b, writes))) {
      ExecutorService threads = Executors.newFixedThreadPool(EnclaveOperator.RECONCILIATION_THREADS);
      double serverCpu = server.cpuSeconds();
      double clientCpu = jvmCpuSeconds();
      long start = System.nanoTime();
      try {
        List<Future<?>> done = new ArrayList<>();
        for (List<HasMetadata> objects : tenants) {
          done.add(
              threads.submit(
                  () -> {
                    for (HasMetadata object : objects) {
                      bare.resource(object).create();
                    }
                    return null;
                  }));
        }
        for (Future<?> f : done) {
          f.get(TIMEOUT.toMinutes(), TimeUnit.MINUTES);
        }
      } finally {
        threads.shutdownNow();
      }
      double seconds = BenchmarkResult.seconds(System.nanoTime() - start);
      return new Run(
          seconds,
          writes.writes(),
          0,
          0,
          server.cpuSeconds() - serverCpu,
          jvmCpuSeconds() - clientCpu,
          null);
    }
  }

  private static KubernetesClientBuilder counted(KubernetesClientBuilder builder, WriteCounter counter) {
    return builder.withHttpClientBuilderConsumer(
        http -> http.addOrReplaceInterceptor("bench-write-counter", counter));
  }

  private static double jvmCpuSeconds() {
    return ProcessHandle.current().info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(Double.NaN);
  }

  /** Status patches by server-side apply, as in production on a real API server; loopback. */
  private static OperatorConfig config() {
    return new OperatorConfig(
        Set.of("eu", "uk"),
        "enclave-system",
        0,
        0,
        0,
        RESYNC,
        false,
        "enclave-operator",
        WebhookCertificateConfig.defaults(),
        true,
        OperatorConfig.LOOPBACK);
  }


  /** Counts TenantClusters whose phase is Ready, from a watch (no polling of 1,000 objects). */
  private static final class ReadyTenants implements AutoCloseable {
    private final Set<String> ready = ConcurrentHashMap.newKeySet();
    private final CountDownLatch all;
    private final SharedIndexInformer<TenantCluster> informer;

    ReadyTenants(KubernetesClient client, int expected) {
      all = new CountDownLatch(expected);
      informer =
          client.resources(TenantCluster.class).inAnyNamespace().inform(
              new ResourceEventHandler<>() {
                @Override
                public void onAdd(TenantCluster t) {
                  see(t);
                }

                @Override
                public void onUpdate(TenantCluster old, TenantCluster t) {
                  see(t);
                }

                @Override
                public void onDelete(TenantCluster t, boolean unknown) {}
              });
    }

    private void see(TenantCluster t) {
      if (t.getStatus() != null
          && "Ready".equals(t.getStatus().getPhase())
          && ready.add(t.getMetadata().getNamespace() + "/" + t.getMetadata().getName())) {
        all.countDown();
      }
    }

    void await(Duration timeout) throws InterruptedException {
      if (!all.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException(
            "only " + ready.size() + " of " + TENANTS + " tenant clusters Ready after " + timeout);
      }
    }

    @Override
    public void close() {
      informer.close();
    }
  }

  /** The operator's host objects for every tenant, as the operator would create them. */
  private static List<List<HasMetadata>> baselineObjects(Platform platform) throws Exception {
    SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
    random.setSeed(42);
    List<List<HasMetadata>> tenants = new ArrayList<>();
    for (Declared<TenantCluster> declared : platform.tenantClusters()) {
      List<HasMetadata> objects = new ArrayList<>();
      tenants.add(objects);
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
    return tenants;
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
