package dev.enclave.bench;

import dev.enclave.api.v1alpha1.TenantCluster;
import dev.enclave.cli.playground.Footprint;
import dev.enclave.cli.playground.LocalPrerequisites;
import dev.enclave.cli.playground.PlatformApplier;
import dev.enclave.cli.playground.PlaygroundSession;
import dev.enclave.core.gitops.GitOpsLoader;
import dev.enclave.core.gitops.LoadResult;
import dev.enclave.core.model.Platform;
import dev.enclave.testbed.Directories;
import dev.enclave.testbed.HostCluster;
import dev.enclave.testbed.KubeApiServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code bench/run tenant-startup}: ten tenant clusters applied, one after the other, to one real
 * local host (the playground's: etcd, kube-apiserver, controller-manager, scheduler, KWOK, the
 * operator with the chart's RBAC, the pod runner), each measured from apply to Ready: the
 * operator's Ready, which needs every control-plane container running, kube-apiserver serving and
 * the operator's own requests to the tenant answered. Each tenant is one replica with its own
 * etcd, KMS plugin, controller-manager and syncer, like the example's ai-lab without a scheduler.
 * The baseline, measured in the same run on the same host: a bare kube-apiserver of the same
 * release started on the host's etcd until /readyz answers. Also the summed RSS of each tenant's
 * processes once all ten run.
 */
public final class TenantStartupBenchmark {
  static final int TENANTS = 10;
  static final int BASELINE_RUNS = 3;
  static final long READY_LIMIT_NANOS = 300_000_000_000L;

  private TenantStartupBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path results = Path.of(args.length > 0 ? args[0] : "bench/results/tenant-startup.json");
    Path root = Path.of(System.getProperty("enclave.repoRoot", ".")).toAbsolutePath();
    Path state = root.resolve("build/bench/tenant-startup");
    Directories.recreate(state);
    PlaygroundSession.useStateDirectory(state);
    PrintWriter out = new PrintWriter(System.out, true);
    if (!LocalPrerequisites.check(out)) {
      System.exit(2);
    }
    Path platformDir = state.resolve("platform");
    Files.createDirectories(platformDir);
    Files.copy(root.resolve("examples/platform/eu/jurisdiction.yaml"), platformDir.resolve("jurisdiction.yaml"));
    Platform jurisdictionOnly = load(platformDir);
    List<String> names = new ArrayList<>();
    for (int i = 1; i <= TENANTS; i++) {
      String name = String.format("t%02d", i);
      names.add(name);
      Files.writeString(platformDir.resolve(name + ".yaml"), tenant(name));
    }
    Platform platform = load(platformDir);
    try (PlaygroundSession session =
        PlaygroundSession.local(jurisdictionOnly, state, 3, LocalPrerequisites.chart(), Clock.systemUTC(), out)) {
      PlatformApplier.apply(jurisdictionOnly, session.targets());
      PlaygroundSession.LocalHost host = session.hosts().get(0);
      KubernetesClient admin = host.admin();
      admin.namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder()
          .withNewMetadata().withName("tenants-eu").endMetadata().build()).serverSideApply();
      double baseline = baseline(host.cluster());
      double[] seconds = new double[TENANTS];
      for (int i = 0; i < TENANTS; i++) {
        TenantCluster tenant = platform.tenantClusters().get(i).object();
        long start = System.nanoTime();
        admin.resource(tenant).create();
        awaitReady(admin, tenant.getMetadata().getName(), start);
        seconds[i] = BenchmarkResult.seconds(System.nanoTime() - start);
        out.printf("%s Ready after %.1f s%n", tenant.getMetadata().getName(), seconds[i]);
      }
      double[] rss = new double[TENANTS];
      for (int i = 0; i < TENANTS; i++) {
        rss[i] = host.runner().pids("tc-tenants-eu-" + names.get(i)).stream().mapToLong(Footprint::rssKib).sum() / 1024.0;
      }
      double[] sorted = seconds.clone();
      Arrays.sort(sorted);
      double median = (sorted[TENANTS / 2 - 1] + sorted[TENANTS / 2]) / 2;
      new BenchmarkResult()
          .put("tenants", TENANTS)
          .put("medianSeconds", median)
          .put("p90Seconds", sorted[(int) Math.ceil(TENANTS * 0.9) - 1])
          .put("maxSeconds", sorted[TENANTS - 1])
          .put("rssMiBPerTenant", Arrays.stream(rss).average().orElse(0))
          .put("baselineBareApiServerSeconds", baseline)
          .put("ratioToBareApiServer", median / baseline)
          .put("secondsPerTenant", seconds)
          .put("kubernetes", "1.37.2")
          .write(results);
    }
  }

  /** A bare kube-apiserver of the same release on the host's etcd, until /readyz: the median. */
  private static double baseline(HostCluster host) {
    double[] runs = new double[BASELINE_RUNS];
    for (int i = 0; i < BASELINE_RUNS; i++) {
      long start = System.nanoTime();
      KubeApiServer bare = host.startTenantApiServer("baseline-" + i, "1.37.2");
      runs[i] = BenchmarkResult.seconds(System.nanoTime() - start);
      bare.close();
    }
    Arrays.sort(runs);
    return runs[BASELINE_RUNS / 2];
  }

  private static void awaitReady(KubernetesClient admin, String name, long start) throws InterruptedException {
    while (true) {
      TenantCluster live = admin.resources(TenantCluster.class).inNamespace("tenants-eu").withName(name).get();
      if (live != null && live.getStatus() != null && "Ready".equals(live.getStatus().getPhase())) {
        return;
      }
      if (System.nanoTime() - start > READY_LIMIT_NANOS) {
        throw new IllegalStateException(name + " not Ready within 300 s: " + (live == null ? "gone" : live.getStatus()));
      }
      Thread.sleep(100);
    }
  }

  private static Platform load(Path dir) {
    LoadResult loaded = new GitOpsLoader().load(dir);
    if (!loaded.readable()) {
      throw new IllegalStateException(dir + ": " + loaded.errors());
    }
    return loaded.platform();
  }

  private static String tenant(String name) {
    return """
        apiVersion: enclave.dev/v1alpha1
        kind: TenantCluster
        metadata:
          name: %s
          namespace: tenants-eu
        spec:
          jurisdiction: eu
          kubernetesVersion: "1.37.2"
          controlPlane:
            replicas: 1
          dataStore:
            embedded:
              storageClass: eu-standard
              size: 1Gi
          audit:
            sink: eu-siem
          isolation:
            podSecurity: baseline
        """.formatted(name);
  }
}
