package dev.enclave.bench;

import dev.enclave.syncer.HostSerialization;
import dev.enclave.syncer.Syncer;
import dev.enclave.syncer.SyncerOptions;
import dev.enclave.syncer.translate.NameTranslator;
import dev.enclave.syncer.translate.TenantRef;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The syncer under faults, for {@code bench/run faults}: a real tenant kube-apiserver and a real
 * host kube-apiserver (an etcd each), the syncer in this JVM reaching both through a {@link
 * FaultProxy} each, injecting the whole time. The tenant creates {@link #PODS} pods, the syncer is
 * stopped and started again halfway (its caches start empty), a tenth of the pods are deleted, and
 * once the faults stop the host must hold exactly one pod for each tenant pod left:
 *
 * <ul>
 *   <li>lost: a tenant pod with no host pod;
 *   <li>duplicates: a tenant pod whose host pod was created more than once (seen by a direct
 *       informer on the host, by the host pods' uids), or with more than one host pod;
 *   <li>orphans: a host pod whose tenant pod is gone.
 * </ul>
 */
final class SyncerFaults {
  static final int PODS = Integer.getInteger("enclave.bench.syncerPods", 1000);
  private static final Duration CONVERGE = Duration.ofMinutes(10);
  private static final String TENANT_NS = "shop";
  private static final int WRITERS = 4;
  private static final String AGENT = "enclave-syncer";

  record Result(int pods, int deleted, long faults, Map<String, Long> proxy, int lost, int duplicates, int orphans,
      List<String> examples, String outcome, double seconds) {
    Map<String, Object> describe() {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("tenantPods", pods);
      out.put("deletedTenantPods", deleted);
      out.put("faults", faults);
      out.put("lost", lost);
      out.put("duplicates", duplicates);
      out.put("orphans", orphans);
      out.put("outcome", outcome);
      out.put("secondsToConverge", Math.round(seconds * 10) / 10.0);
      out.put("examples", examples);
      out.put("proxies", proxy);
      return out;
    }
  }

  private SyncerFaults() {}

  /** {@link #PODS} pods with faults injected and a restart halfway. */
  static Result run(long seed) throws Exception {
    return run(seed, PODS, true);
  }

  /**
   * {@code pods} tenant pods; with {@code faults}, both proxies inject their mix and the syncer is
   * restarted halfway; without, the proxies pass everything (a load run).
   */
  static Result run(long seed, int pods, boolean faults) throws Exception {
    try (BareApiServer tenant = BareApiServer.start("faults-syncer-tenant", BareApiServer.TENANT_FLAGS, CpuPlacement.none(), null);
        BareApiServer host = BareApiServer.start("faults-syncer-host", BareApiServer.HOST_FLAGS, CpuPlacement.none(), null);
        FaultProxy tenantProxy = FaultProxy.start(tenant.uri(), tenant.sslContext(), FaultProxy.Mix.standard(), seed);
        FaultProxy hostProxy = FaultProxy.start(host.uri(), host.sslContext(), FaultProxy.Mix.standard(), seed + 1);
        KubernetesClient tenantAdmin = tenant.client("bench-tenant");
        KubernetesClient hostAdmin = host.client("bench-host")) {
      SyncerThroughputBenchmark.namespace(hostAdmin, SyncerThroughputBenchmark.HOST_NS, null);
      SyncerThroughputBenchmark.serviceAccount(
          hostAdmin, SyncerThroughputBenchmark.HOST_NS, NameTranslator.workloadServiceAccount(SyncerThroughputBenchmark.POLICY));
      SyncerThroughputBenchmark.namespace(tenantAdmin, TENANT_NS, tenant.caPem());
      HostCreations creations = new HostCreations(hostAdmin);
      tenantProxy.inject(faults);
      hostProxy.inject(faults);
      long started = System.nanoTime();
      Syncer syncer = start(tenantProxy, hostProxy);
      try {
        createPods(tenantAdmin, 0, pods / 2);
        if (faults) {
          syncer.close();
          syncer = start(tenantProxy, hostProxy);
          System.err.println("faults: syncer restarted after " + pods / 2 + " tenant pods");
        }
        createPods(tenantAdmin, pods / 2, pods);
        int deleted = 0;
        for (int i = 0; i < pods; i += 10) {
          tenantAdmin.pods().inNamespace(TENANT_NS).withName("p" + i).delete();
          deleted++;
        }
        if (faults) {
          Thread.sleep(10_000);
        }
        tenantProxy.inject(false);
        hostProxy.inject(false);
        long injected = tenantProxy.faults() + hostProxy.faults();
        String outcome = awaitConverged(tenantAdmin, hostAdmin, pods - deleted);
        double seconds = BenchmarkResult.seconds(System.nanoTime() - started);
        Thread.sleep(5_000);
        Map<String, Long> proxies = new LinkedHashMap<>();
        tenantProxy.counts().forEach((k, v) -> proxies.put("tenant." + k, v));
        hostProxy.counts().forEach((k, v) -> proxies.put("host." + k, v));
        return compare(tenantAdmin, hostAdmin, creations, pods, deleted, injected, proxies, outcome, seconds);
      } finally {
        syncer.close();
        creations.close();
      }
    }
  }

  private static Syncer start(FaultProxy tenantProxy, FaultProxy hostProxy) {
    return Syncer.start(
        proxied(tenantProxy, b -> {}),
        proxied(hostProxy, b -> b.withKubernetesSerialization(HostSerialization.create())),
        SyncerThroughputBenchmark.POLICY,
        SyncerOptions.defaults().withTenantEndpoints("10.96.0.10", "10.96.0.53"));
  }

  private static KubernetesClient proxied(FaultProxy proxy, Consumer<KubernetesClientBuilder> customize) {
    KubernetesClientBuilder builder =
        new KubernetesClientBuilder().withConfig(FaultProxy.clientConfig(proxy.url(), AGENT));
    customize.accept(builder);
    return builder.build();
  }

  /** Tenant pods {@code from} to {@code to} (exclusive), created by {@link #WRITERS} threads. */
  private static void createPods(KubernetesClient tenant, int from, int to) throws Exception {
    java.util.concurrent.ExecutorService writers = java.util.concurrent.Executors.newFixedThreadPool(WRITERS);
    try {
      List<java.util.concurrent.Future<?>> done = new ArrayList<>();
      for (int i = from; i < to; i++) {
        Pod pod = SyncerThroughputBenchmark.pod(TENANT_NS, "p" + i);
        done.add(writers.submit(() -> createWithRetry(tenant, pod)));
      }
      for (java.util.concurrent.Future<?> f : done) {
        f.get(CONVERGE.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
      }
    } finally {
      writers.shutdownNow();
    }
  }

  /** The tenant's own writes go straight to its API server; a conflict means it is there. */
  private static void createWithRetry(KubernetesClient tenant, Pod pod) {
    try {
      tenant.resource(pod).create();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409) {
        throw e;
      }
    }
  }

  private static String awaitConverged(KubernetesClient tenant, KubernetesClient host, int expected)
      throws InterruptedException {
    Instant deadline = Instant.now().plus(CONVERGE);
    while (true) {
      int tenantPods = tenant.pods().inNamespace(TENANT_NS).list().getItems().size();
      int hostPods = host.pods().inNamespace(SyncerThroughputBenchmark.HOST_NS).list().getItems().size();
      if (tenantPods == expected && hostPods == expected) {
        return "converged";
      }
      if (Instant.now().isAfter(deadline)) {
        return "not converged after " + CONVERGE + ": " + tenantPods + " tenant pods, " + hostPods + " host pods";
      }
      Thread.sleep(1000);
    }
  }

  private static Result compare(KubernetesClient tenant, KubernetesClient host, HostCreations creations, int pods,
      int deleted, long faults, Map<String, Long> proxies, String outcome, double seconds) {
    Map<String, String> tenantUids = new LinkedHashMap<>();
    for (Pod p : tenant.pods().inNamespace(TENANT_NS).list().getItems()) {
      tenantUids.put(p.getMetadata().getUid(), p.getMetadata().getName());
    }
    Map<String, Integer> hostPerTenant = new LinkedHashMap<>();
    List<String> examples = new ArrayList<>();
    int orphans = 0;
    for (Pod p : host.pods().inNamespace(SyncerThroughputBenchmark.HOST_NS).list().getItems()) {
      Optional<TenantRef> ref = NameTranslator.tenantRef(p);
      if (ref.isEmpty() || !tenantUids.containsKey(ref.get().uid())) {
        orphans++;
        examples.add("orphan host pod " + p.getMetadata().getName());
        continue;
      }
      hostPerTenant.merge(ref.get().uid(), 1, Integer::sum);
    }
    int lost = 0;
    int duplicates = 0;
    for (var e : tenantUids.entrySet()) {
      int n = hostPerTenant.getOrDefault(e.getKey(), 0);
      if (n == 0) {
        lost++;
        examples.add("tenant pod " + e.getValue() + " has no host pod");
      } else if (n > 1) {
        duplicates += n - 1;
        examples.add("tenant pod " + e.getValue() + " has " + n + " host pods");
      }
    }
    for (var e : creations.uidsByName().entrySet()) {
      if (e.getValue().size() > 1) {
        duplicates += e.getValue().size() - 1;
        examples.add("host pod " + e.getKey() + " created " + e.getValue().size() + " times");
      }
    }
    return new Result(pods, deleted, faults, proxies, lost, duplicates, orphans,
        examples.subList(0, Math.min(10, examples.size())), outcome, seconds);
  }

  /**
   * Every host pod ever created in the tenant's host namespace, by name: a name seen with two uids
   * was created twice (deleted and made again). Watched directly, not through a proxy.
   */
  private static final class HostCreations implements AutoCloseable {
    private final Map<String, Set<String>> uids = new ConcurrentHashMap<>();
    private final SharedIndexInformer<Pod> informer;

    HostCreations(KubernetesClient host) {
      informer = host.pods().inNamespace(SyncerThroughputBenchmark.HOST_NS).inform(new ResourceEventHandler<>() {
        @Override
        public void onAdd(Pod pod) {
          see(pod);
        }

        @Override
        public void onUpdate(Pod old, Pod pod) {
          see(pod);
        }

        @Override
        public void onDelete(Pod pod, boolean unknown) {}
      });
    }

    private void see(Pod pod) {
      uids.computeIfAbsent(pod.getMetadata().getName(), k -> ConcurrentHashMap.newKeySet()).add(pod.getMetadata().getUid());
    }

    Map<String, Set<String>> uidsByName() {
      return uids;
    }

    @Override
    public void close() {
      informer.close();
    }
  }
}
