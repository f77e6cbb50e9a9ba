package dev.enclave.bench;

import dev.enclave.api.v1alpha1.EnclaveApi;
import dev.enclave.api.v1alpha1.TenantCluster;
import dev.enclave.core.controlplane.HostNames;
import dev.enclave.core.gitops.GitOpsLoader;
import dev.enclave.core.model.Declared;
import dev.enclave.core.model.Platform;
import dev.enclave.operator.tenant.HostKinds;
import dev.enclave.testbed.ManagedProcess;
import dev.enclave.testbed.Testbed;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code bench/run faults}: the operator under faults, crashes and hostile input, on real API
 * servers, compared with a run without any fault.
 *
 * <p>Both runs declare the same 200 TenantClusters (each on its own embedded etcd, no backups) on a
 * fresh host (etcd, kube-apiserver, and kube-controller-manager with only its namespace and garbage
 * collector controllers, so that a deleted tenant's host namespace really goes; a simulated kubelet
 * marks StatefulSets ready), run the operator as its own process with leader election, wait for
 * every tenant to be Ready, delete a tenth of them and wait until they are gone. The operator always
 * reaches the host through {@link FaultProxy}; in the faulted run the proxy injects its mix the
 * whole time, a rival client writes the same objects (real 409s), and the timeline of {@link
 * #run} kills the operator with SIGKILL, restarts the host etcd and then the host kube-apiserver (its watch cache
 * starts anew: real 410s after etcd's compactions, every 20 s here), and stops one operator with
 * SIGSTOP past its lease while a second takes over, then lets it run again (two operators believe
 * they lead for a moment), takes the admission webhook down (a ValidatingWebhookConfiguration for
 * Enclave's objects, failing closed, pointing at a port nobody serves) and restarts the tenants'
 * API server meanwhile. Then the faults stop and the host must converge: the operator-owned host
 * objects of both runs are compared by kind, namespace and name.
 *
 * <ul>
 *   <li>lost: an object of the fault-free run missing, or a live tenant not Ready;
 *   <li>duplicates: an object of a live tenant that the fault-free run does not have;
 *   <li>orphans: an object (or the TenantCluster itself) of a deleted tenant still there, or one
 *       that belongs to no tenant;
 *   <li>crashes: an operator process that exited without being killed (other than by losing its
 *       lease), and every crash of {@link FuzzCampaign}.
 * </ul>
 *
 * <p>Then the syncer: under faults ({@link SyncerFaults}), and as a load run of 5,000 tenant pods
 * through one syncer with no fault. Then {@link FuzzCampaign} runs its 10,000 cases. Results go to {@code
 * bench/results/faults.json}, and {@code bench/faults.md} is written from them.
 */
public final class FaultsBenchmark {
  private static final int TENANTS = Integer.getInteger("enclave.bench.tenants", 200);
  private static final int LOAD_PODS = Integer.getInteger("enclave.bench.loadPods", 5_000);
  private static final int FUZZ_CASES = Integer.getInteger("enclave.bench.fuzzCases", 10_000);
  private static final long SEED = Long.getLong("enclave.bench.seed", 20261207L);
  private static final Duration CONVERGE = Duration.ofMinutes(10);
  private static final Duration RESYNC = Duration.ofSeconds(60);
  private static final Map<String, String> HOST_FLAGS = Map.of("etcd-compaction-interval", "20s");
  private static final String CONTROLLERS = "namespace-controller,garbage-collector-controller";

  public static void main(String[] args) throws Exception {
    Path results = Path.of(args.length > 0 ? args[0] : "bench/results/faults.json");
    Path work = Files.createTempDirectory("enclave-bench-faults");
    PlatformGenerator.write(work.resolve("platform"), TENANTS, true);
    Platform platform = new GitOpsLoader().load(work.resolve("platform")).platform();
    List<Declared<TenantCluster>> deleted = deletedTenants(platform);
    int exit = 1;
    try {
      Run reference;
      Run faulted;
      try (BareApiServer tenantApi = BareApiServer.start("faults-tenant-api", BareApiServer.TENANT_FLAGS, CpuPlacement.none(), null)) {
        Path tenantKubeconfig = work.resolve("tenant-api.kubeconfig");
        Files.writeString(tenantKubeconfig, tenantApi.adminKubeconfigYaml(), StandardCharsets.UTF_8);
        reference = run("faults-reference", platform, deleted, tenantApi, tenantKubeconfig, false);
        System.err.println("faults: fault-free run converged in " + reference.seconds() + " s");
        faulted = run("faults-host", platform, deleted, tenantApi, tenantKubeconfig, true);
        System.err.println("faults: faulted run converged in " + faulted.seconds() + " s");
      }
      Comparison comparison = Comparison.of(reference.state(), faulted.state(), platform, deleted);
      SyncerFaults.Result syncer = SyncerFaults.run(SEED);
      System.err.println("faults: syncer " + syncer.describe());
      SyncerFaults.Result load = SyncerFaults.run(SEED, LOAD_PODS, false);
      System.err.println("faults: syncer load " + load.describe());
      FuzzCampaign.Result fuzz = FuzzCampaign.run(FUZZ_CASES, SEED, work.resolve("fuzz"));
      long crashes = faulted.operatorCrashes() + reference.operatorCrashes() + fuzz.crashes();
      // every injected proxy fault, SIGKILL, SIGSTOP, the etcd and both API server restarts, the
      // webhook's outage and the syncer's restart
      long faults = faulted.faults() + faulted.sigkills() + 5 + syncer.faults() + 1;

      BenchmarkResult result =
          new BenchmarkResult()
              .put("tenants", TENANTS)
              .put("faults", faults)
              .put("lost", comparison.lost().size() + syncer.lost() + load.lost())
              .put("duplicates", comparison.duplicates().size() + syncer.duplicates() + load.duplicates())
              .put("orphans", comparison.orphans().size() + syncer.orphans() + load.orphans())
              .put("fuzzCases", fuzz.cases())
              .put("crashes", crashes)
              .put("fuzzRejectionsWithoutField", fuzz.rejectionsWithoutField())
              .put("operator", operatorFigures(reference, faulted, comparison, deleted.size()))
              .put("syncer", syncer.describe())
              .put("syncerLoad", load.describe())
              .put("mix", FaultProxy.Mix.standard().describe())
              .put("timeline", faulted.timeline())
              .put("fuzz", fuzzFigures(fuzz));
      result.write(results);
      FaultsReport.write(Testbed.repoRoot().resolve("bench/faults.md"), results);
      exit = 0;
    } catch (Exception | Error e) {
      e.printStackTrace();
    } finally {
      System.exit(exit);
    }
  }

  private static Map<String, Object> operatorFigures(Run reference, Run faulted, Comparison c, int deleted) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("lost", c.lost().size());
    out.put("duplicates", c.duplicates().size());
    out.put("orphans", c.orphans().size());
    out.put("proxyFaults", faulted.faults());
    out.put("deletedTenants", deleted);
    out.put("hostObjectsCompared", reference.state().objects().size());
    out.put("referenceSeconds", Math.round(reference.seconds() * 10) / 10.0);
    out.put("faultedSeconds", Math.round(faulted.seconds() * 10) / 10.0);
    out.put("operatorProcesses", faulted.operatorProcesses());
    out.put("operatorSigkills", faulted.sigkills());
    out.put("operatorCrashes", faulted.operatorCrashes() + reference.operatorCrashes());
    out.put("leaseLoserExitedByItself", faulted.leaseLoserExited());
    out.put("rivalWrites", faulted.rivalWrites());
    out.put("rivalConflicts", faulted.rivalConflicts());
    out.put("proxy", faulted.proxyCounts());
    out.put("lostExamples", first(c.lost()));
    out.put("duplicateExamples", first(c.duplicates()));
    out.put("orphanExamples", first(c.orphans()));
    return out;
  }

  private static Map<String, Object> fuzzFigures(FuzzCampaign.Result fuzz) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("cases", fuzz.cases());
    out.put("check", fuzz.check().toString());
    out.put("apiServerWithWebhook", fuzz.api().toString());
    out.put("syncerPods", fuzz.pods().toString());
    out.put("crashes", fuzz.crashes());
    out.put("rejectionsWithoutField", fuzz.rejectionsWithoutField());
    out.put("failures", fuzz.failures().subList(0, Math.min(10, fuzz.failures().size())));
    return out;
  }

  private static List<String> first(List<String> all) {
    return all.subList(0, Math.min(10, all.size()));
  }

  /** Every tenth tenant, spread over namespaces and jurisdictions. */
  private static List<Declared<TenantCluster>> deletedTenants(Platform platform) {
    List<Declared<TenantCluster>> all = new ArrayList<>(platform.tenantClusters());
    List<Declared<TenantCluster>> deleted = new ArrayList<>();
    for (int i = 3; i < all.size(); i += 10) {
      deleted.add(all.get(i));
    }
    return deleted;
  }

  /** One run's outcome: host state once converged, and what was done to it. */
  record Run(
      HostState state,
      double seconds,
      long faults,
      Map<String, Long> proxyCounts,
      List<String> timeline,
      int operatorProcesses,
      int sigkills,
      int operatorCrashes,
      boolean leaseLoserExited,
      long rivalWrites,
      long rivalConflicts) {}

  private static Run run(
      String name,
      Platform platform,
      List<Declared<TenantCluster>> deleted,
      BareApiServer tenantApi,
      Path tenantKubeconfig,
      boolean faults)
      throws Exception {
    Random random = new Random(SEED);
    try (BareApiServer host = BareApiServer.start(name, HOST_FLAGS, CpuPlacement.none(), null);
        KubernetesClient admin = host.client("bench-setup");
        FaultProxy proxy = FaultProxy.start(host.uri(), host.sslContext(), FaultProxy.Mix.standard(), SEED);
        SimulatedKubelet kubelet = SimulatedKubelet.start(host.client("simulated-kubelet"));
        Operators operators = new Operators(proxy.url(), tenantKubeconfig, Testbed.directory().resolve(name))) {
      host.startControllerManager(CONTROLLERS);
      Crds.install(admin);
      Crds.declare(admin, platform);
      Timeline timeline = new Timeline();
      long start = System.nanoTime();
      if (!faults) {
        operators.start();
        timeline.note("operator started: " + awaitConverged(admin, platform, List.of(), operators, CONVERGE));
        delete(admin, deleted);
        timeline.note(deleted.size() + " tenants deleted: " + awaitConverged(admin, platform, deleted, operators, CONVERGE));
        double seconds = BenchmarkResult.seconds(System.nanoTime() - start);
        Thread.sleep(10_000);
        return new Run(HostState.read(admin), seconds, 0, proxy.counts(), timeline.lines(),
            operators.started(), 0, operators.crashes(), false, 0, 0);
      }
      Rival rival = new Rival(host.client("rival-writer"), platform, SEED);
      proxy.inject(true);
      rival.start();
      boolean loserExited;
      try {
        operators.start();
        timeline.note("faults on, rival writer on, operator 1 started");
        pause(Duration.ofSeconds(5 + random.nextInt(10)));
        operators.sigkillCurrent();
        timeline.note("operator 1 killed (SIGKILL) with " + ready(admin) + " tenants Ready; operator 2 started");
        operators.start();
        pause(Duration.ofSeconds(25 + random.nextInt(15)));
        operators.sigkillCurrent();
        timeline.note("operator 2 killed (SIGKILL) with " + ready(admin) + " tenants Ready; operator 3 started");
        operators.start();
        awaitReadyCount(admin, (int) (platform.tenantClusters().size() * 0.9), operators, Duration.ofMinutes(6));
        timeline.note(ready(admin) + " tenants Ready; deleting " + deleted.size() + " tenants");
        delete(admin, deleted);
        pause(Duration.ofSeconds(3));
        host.restartEtcd();
        timeline.note("host etcd restarted under the host kube-apiserver");
        pause(Duration.ofSeconds(3));
        host.restartApiServer();
        timeline.note("host kube-apiserver restarted");
        pause(Duration.ofSeconds(5));
        ManagedProcess stopped = operators.current();
        operators.signal(stopped, "STOP");
        timeline.note("operator 3 stopped (SIGSTOP) for 25 s; operator 4 started and takes the lease once it expires");
        operators.start();
        pause(Duration.ofSeconds(25));
        operators.signal(stopped, "CONT");
        timeline.note("operator 3 running again (SIGCONT), believing it still leads");
        loserExited = awaitExit(stopped, Duration.ofSeconds(30));
        timeline.note(loserExited
            ? "operator 3 exited by itself once it saw the lease was lost"
            : "operator 3 still running 30 s after losing its lease: killed");
        if (!loserExited) {
          operators.sigkill(stopped);
        } else {
          operators.expectExit(stopped);
        }
        pause(Duration.ofSeconds(5 + random.nextInt(10)));
        operators.sigkillCurrent();
        timeline.note("operator 4 killed (SIGKILL) with " + ready(admin) + " tenants Ready; operator 5 started");
        operators.start();
        pause(Duration.ofSeconds(10));
        WebhookDown.install(admin);
        timeline.note("admission webhook down: Enclave objects' writes fail closed (failurePolicy Fail) for 20 s");
        tenantApi.restartApiServer();
        timeline.note("the tenants' API server restarted");
        pause(Duration.ofSeconds(20));
        WebhookDown.remove(admin);
        timeline.note("admission webhook back");
        pause(Duration.ofSeconds(20));
      } finally {
        proxy.inject(false);
        rival.stop();
      }
      long injected = proxy.faults();
      timeline.note("faults off after " + injected + " injected faults and " + rival.writes() + " rival writes");
      String converged = awaitConverged(admin, platform, deleted, operators, CONVERGE);
      double seconds = BenchmarkResult.seconds(System.nanoTime() - start);
      timeline.note(converged);
      Thread.sleep(10_000);
      return new Run(HostState.read(admin), seconds, injected, proxy.counts(), timeline.lines(),
          operators.started(), operators.sigkills(), operators.crashes(), loserExited,
          rival.writes(), rival.conflicts());
    }
  }

  private static void pause(Duration d) throws InterruptedException {
    Thread.sleep(d.toMillis());
  }

  private static boolean awaitExit(ManagedProcess process, Duration timeout) throws InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    while (process.isAlive() && Instant.now().isBefore(deadline)) {
      Thread.sleep(200);
    }
    return !process.isAlive();
  }


  private static void delete(KubernetesClient admin, List<Declared<TenantCluster>> deleted) {
    for (Declared<TenantCluster> t : deleted) {
      admin.resources(TenantCluster.class).inNamespace(t.namespace()).withName(t.name()).delete();
    }
  }

  private static long ready(KubernetesClient admin) {
    return admin.resources(TenantCluster.class).inAnyNamespace().list().getItems().stream()
        .filter(t -> t.getStatus() != null && "Ready".equals(t.getStatus().getPhase()))
        .count();
  }

  private static void awaitReadyCount(KubernetesClient admin, int count, Operators operators, Duration timeout)
      throws InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    while (ready(admin) < count) {
      operators.requireCurrentAlive();
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException("only " + ready(admin) + " of " + count + " tenants Ready after " + timeout);
      }
      Thread.sleep(1000);
    }
  }

  /**
   * Until every live tenant is Ready and every deleted one is gone with its host namespace, or the
   * timeout: then what was left, which the comparison counts.
   */
  private static String awaitConverged(
      KubernetesClient admin,
      Platform platform,
      List<Declared<TenantCluster>> deleted,
      Operators operators,
      Duration timeout)
      throws InterruptedException {
    Set<String> gone = new TreeSet<>();
    deleted.forEach(t -> gone.add(t.namespace() + "/" + t.name()));
    int live = platform.tenantClusters().size() - deleted.size();
    Instant deadline = Instant.now().plus(timeout);
    String state;
    while (true) {
      operators.requireCurrentAlive();
      List<TenantCluster> tenants = admin.resources(TenantCluster.class).inAnyNamespace().list().getItems();
      long ready = tenants.stream()
          .filter(t -> !gone.contains(t.getMetadata().getNamespace() + "/" + t.getMetadata().getName()))
          .filter(t -> t.getStatus() != null && "Ready".equals(t.getStatus().getPhase()))
          .count();
      long lingering = tenants.stream()
          .filter(t -> gone.contains(t.getMetadata().getNamespace() + "/" + t.getMetadata().getName()))
          .count();
      long namespaces = deleted.stream()
          .filter(t -> admin.namespaces().withName(HostNames.hostNamespace(t.namespace(), t.name())).get() != null)
          .count();
      if (ready == live && lingering == 0 && namespaces == 0) {
        return "converged";
      }
      state = ready + " of " + live + " Ready, " + lingering + " deleted TenantClusters and " + namespaces + " host namespaces left";
      if (Instant.now().isAfter(deadline)) {
        return "not converged after " + timeout + ": " + state;
      }
      Thread.sleep(2000);
    }
  }

  /** What happened, with the seconds since the run started. */
  private static final class Timeline {
    private final long start = System.nanoTime();
    private final List<String> lines = new ArrayList<>();

    void note(String line) {
      String entry = String.format("%6.1f s  %s", (System.nanoTime() - start) / 1e9, line);
      lines.add(entry);
      System.err.println("faults: " + entry);
    }

    List<String> lines() {
      return List.copyOf(lines);
    }
  }

  /**
   * The operator processes of one run: started one after the other, killed, stopped and continued
   * by signal; every one stopped by pid at the end.
   */
  private static final class Operators implements AutoCloseable {
    private final String proxyUrl;
    private final Path tenantKubeconfig;
    private final Path dir;
    private final List<ManagedProcess> all = new ArrayList<>();
    private final Set<ManagedProcess> ended = new java.util.HashSet<>();
    private int sigkills;

    Operators(String proxyUrl, Path tenantKubeconfig, Path dir) {
      this.proxyUrl = proxyUrl;
      this.tenantKubeconfig = tenantKubeconfig;
      this.dir = dir;
    }

    void start() {
      Path java = Path.of(System.getProperty("java.home"), "bin", "java");
      int n = all.size() + 1;
      all.add(ManagedProcess.start(
          "enclave-operator-" + n,
          java,
          List.of(
              "-Xmx768m",
              "-Dorg.slf4j.simpleLogger.defaultLogLevel=info",
              "-Djdk.net.hosts.file=" + System.getProperty("jdk.net.hosts.file", "/etc/hosts"),
              "-cp", System.getProperty("java.class.path"),
              FaultOperatorMain.class.getName(),
              proxyUrl,
              tenantKubeconfig.toString(),
              Long.toString(RESYNC.toSeconds())),
          Map.of("HOSTNAME", "operator-" + n),
          dir.resolve("operator-" + n + ".log")));
    }

    ManagedProcess current() {
      return all.get(all.size() - 1);
    }

    int started() {
      return all.size();
    }

    int sigkills() {
      return sigkills;
    }

    void sigkillCurrent() {
      sigkill(current());
    }

    void sigkill(ManagedProcess p) {
      p.kill();
      ended.add(p);
      sigkills++;
    }

    void expectExit(ManagedProcess p) {
      ended.add(p);
    }

    void signal(ManagedProcess p, String signal) throws InterruptedException {
      try {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
          throw new IllegalStateException("kill -" + signal + " " + p.pid() + " failed");
        }
      } catch (IOException e) {
        throw new IllegalStateException("cannot run kill", e);
      }
    }

    void requireCurrentAlive() {
      current().requireAlive();
    }

    /** Processes that exited although nobody killed them and no lease was lost. */
    int crashes() {
      int n = 0;
      for (ManagedProcess p : all) {
        if (!ended.contains(p) && !p.isAlive()) {
          System.err.println("faults: " + p + " exited by itself:\n" + p.tail(30));
          n++;
        }
      }
      return n;
    }

    @Override
    public void close() {
      all.forEach(ManagedProcess::close);
    }
  }

  /**
   * A second writer on the same objects, with optimistic locking: an annotation on TenantClusters
   * and on their control-plane StatefulSets, each written by a get and an update carrying the
   * resourceVersion read, so either side of a race gets a real 409.
   */
  private static final class Rival {
    private static final int MAX_WRITES = 20_000;
    private final KubernetesClient client;
    private final List<Declared<TenantCluster>> targets;
    private final Random random;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicLong writes = new AtomicLong();
    private final AtomicLong conflicts = new AtomicLong();
    private Thread thread;

    Rival(KubernetesClient client, Platform platform, long seed) {
      this.client = client;
      this.targets = new ArrayList<>(platform.tenantClusters());
      this.random = new Random(seed + 1);
    }

    void start() {
      running.set(true);
      thread = new Thread(this::loop, "rival-writer");
      thread.setDaemon(true);
      thread.start();
    }

    private void loop() {
      while (running.get() && writes.get() < MAX_WRITES) {
        Declared<TenantCluster> t = targets.get(random.nextInt(targets.size()));
        try {
          if (random.nextBoolean()) {
            TenantCluster tenant = client.resources(TenantCluster.class).inNamespace(t.namespace()).withName(t.name()).get();
            if (tenant != null && tenant.getMetadata().getDeletionTimestamp() == null) {
              annotate(tenant.getMetadata());
              client.resource(tenant).update();
            }
          } else {
            String namespace = HostNames.hostNamespace(t.namespace(), t.name());
            StatefulSet sts = client.apps().statefulSets().inNamespace(namespace).withName(t.name()).get();
            if (sts != null) {
              annotate(sts.getMetadata());
              client.resource(sts).update();
            }
          }
          writes.incrementAndGet();
        } catch (KubernetesClientException e) {
          if (e.getCode() == 409) {
            conflicts.incrementAndGet();
          }
        }
        try {
          Thread.sleep(20);
        } catch (InterruptedException e) {
          return;
        }
      }
    }

    private void annotate(ObjectMeta meta) {
      Map<String, String> annotations = meta.getAnnotations() == null ? new HashMap<>() : new HashMap<>(meta.getAnnotations());
      annotations.put("bench.enclave.dev/rival", Long.toString(writes.get()));
      meta.setAnnotations(annotations);
    }

    void stop() throws InterruptedException {
      running.set(false);
      if (thread != null) {
        thread.join(10_000);
      }
      client.close();
    }

    long writes() {
      return writes.get();
    }

    long conflicts() {
      return conflicts.get();
    }
  }

  /** The operator-owned host objects (label managed-by=enclave) by kind, namespace and name. */
  record HostState(Map<String, String> objects, Map<String, String> tenantPhases) {
    /** Object key to the tenant it belongs to ({@code namespace/name}, or "" for none). */
    static HostState read(KubernetesClient admin) {
      Map<String, String> objects = new TreeMap<>();
      for (Class<? extends HasMetadata> kind : HostKinds.WATCHED) {
        var resources = admin.resources(kind);
        List<? extends HasMetadata> items =
            Namespaced.class.isAssignableFrom(kind)
                ? resources.inAnyNamespace().withLabel(EnclaveApi.MANAGED_BY_LABEL, EnclaveApi.MANAGED_BY).list().getItems()
                : resources.withLabel(EnclaveApi.MANAGED_BY_LABEL, EnclaveApi.MANAGED_BY).list().getItems();
        for (HasMetadata item : items) {
          ObjectMeta meta = item.getMetadata();
          Map<String, String> labels = meta.getLabels() == null ? Map.of() : meta.getLabels();
          String tenantNamespace = labels.get(EnclaveApi.TENANT_NAMESPACE_LABEL);
          String tenantName = labels.get(EnclaveApi.TENANT_NAME_LABEL);
          objects.put(
              kind.getSimpleName() + " " + (meta.getNamespace() == null ? "" : meta.getNamespace() + "/") + meta.getName(),
              tenantNamespace == null || tenantName == null ? "" : tenantNamespace + "/" + tenantName);
        }
      }
      Map<String, String> phases = new TreeMap<>();
      for (TenantCluster t : admin.resources(TenantCluster.class).inAnyNamespace().list().getItems()) {
        phases.put(
            t.getMetadata().getNamespace() + "/" + t.getMetadata().getName(),
            t.getStatus() == null || t.getStatus().getPhase() == null ? "" : t.getStatus().getPhase());
      }
      return new HostState(objects, phases);
    }
  }

  /** The faulted run's host state against the fault-free run's. */
  record Comparison(List<String> lost, List<String> duplicates, List<String> orphans) {
    static Comparison of(HostState reference, HostState faulted, Platform platform, List<Declared<TenantCluster>> deleted) {
      Set<String> gone = new TreeSet<>();
      deleted.forEach(t -> gone.add(t.namespace() + "/" + t.name()));
      Set<String> live = new TreeSet<>();
      platform.tenantClusters().forEach(t -> live.add(t.namespace() + "/" + t.name()));
      live.removeAll(gone);
      List<String> lost = new ArrayList<>();
      List<String> duplicates = new ArrayList<>();
      List<String> orphans = new ArrayList<>();
      reference.objects().forEach((key, tenant) -> {
        if (!faulted.objects().containsKey(key)) {
          lost.add(key + " (tenant " + tenant + ")");
        }
      });
      for (String tenant : live) {
        String phase = faulted.tenantPhases().get(tenant);
        if (!"Ready".equals(phase)) {
          lost.add("TenantCluster " + tenant + (phase == null ? " missing" : " in phase '" + phase + "'"));
        }
      }
      for (String tenant : gone) {
        if (faulted.tenantPhases().containsKey(tenant)) {
          orphans.add("TenantCluster " + tenant + " still there after its deletion");
        }
      }
      faulted.objects().forEach((key, tenant) -> {
        if (reference.objects().containsKey(key)) {
          return;
        }
        if (live.contains(tenant)) {
          duplicates.add(key + " (tenant " + tenant + ")");
        } else {
          orphans.add(key + " (tenant " + (tenant.isEmpty() ? "none" : tenant) + ")");
        }
      });
      return new Comparison(lost, duplicates, orphans);
    }
  }
}
