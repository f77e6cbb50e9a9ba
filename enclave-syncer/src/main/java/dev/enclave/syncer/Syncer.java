package dev.enclave.syncer;

import dev.enclave.core.sync.SyncPolicy;
import dev.enclave.syncer.runtime.Caches;
import dev.enclave.syncer.runtime.PodReferences;
import dev.enclave.syncer.runtime.Queues;
import dev.enclave.syncer.runtime.ReferenceIndex;
import dev.enclave.syncer.runtime.RefusalRecorder;
import dev.enclave.syncer.runtime.StartupCollector;
import dev.enclave.syncer.runtime.Steps;
import dev.enclave.syncer.runtime.SyncContext;
import dev.enclave.syncer.runtime.Wiring;
import dev.enclave.syncer.translate.NameTranslator;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One tenant cluster's syncer: informers on the tenant (all namespaces) and on the host namespace,
 * a keyed work queue per kind, and the sync steps between them. Start-up waits until both sides'
 * caches have synced, collects orphans, and only then lets the workers run.
 */
public final class Syncer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Syncer.class);
  private final SyncContext ctx;
  private volatile boolean running;

  private Syncer(SyncContext ctx) {
    this.ctx = ctx;
  }

  /**
   * Starts syncing and returns once the informers of both sides have synced and the workers run.
   *
   * @throws IllegalStateException when the caches did not sync within {@link
   *     SyncerOptions#syncTimeout()}
   */
  public static Syncer start(
      KubernetesClient tenant, KubernetesClient host, SyncPolicy policy, SyncerOptions options) {
    if (options.dnsServerIp() == null || options.dnsServerIp().isBlank()) {
      throw new IllegalArgumentException(
          "SyncerOptions.dnsServerIp: the tenant CoreDNS address is required; synced pods use it"
              + " as their only nameserver");
    }
    Caches caches = new Caches(tenant, host, policy.hostNamespace());
    Queues queues = new Queues(options);
    SyncContext ctx =
        new SyncContext(
            tenant,
            host,
            policy,
            options,
            caches,
            queues,
            new ReferenceIndex(),
            new RefusalRecorder(tenant, options.clock()));
    Syncer syncer = new Syncer(ctx);
    Steps steps = Steps.of(ctx);
    Wiring.connect(ctx, steps);
    try {
      caches.start(options.syncTimeout());
    } catch (Exception e) {
      syncer.close();
      throw new IllegalStateException(
          "syncer for "
              + policy.tenantNamespace()
              + "/"
              + policy.tenantName()
              + ": caches did not sync: "
              + e,
          e);
    }
    syncer.ensureWorkloadServiceAccount();
    for (Pod pod : caches.tenantPods.getStore().list()) {
      String key = pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
      ctx.references().update(key, PodReferences.of(pod));
      Pod hostPod =
          Caches.get(
              caches.hostPods,
              ctx.hostKey(pod.getMetadata().getNamespace(), pod.getMetadata().getName()));
      if (hostPod != null) {
        steps.pods().recordTokenUse(pod, hostPod);
      }
    }
    int orphans = new StartupCollector(ctx).collect();
    LOG.info("syncer for {}: caches synced, {} orphans collected", policy.hostNamespace(), orphans);
    queues.start(steps.handlers());
    syncer.running = true;
    return syncer;
  }

  /** True while running with synced caches on both sides. */
  public boolean isReady() {
    return running && ctx.caches().tenantSynced() && ctx.caches().hostSynced();
  }

  /** True when no work waits, runs or is scheduled for a retry (tests and benchmarks). */
  public boolean isIdle() {
    return ctx.queues().idle();
  }

  /**
   * The host ServiceAccount synced pods run as; created when missing where the syncer may. The
   * operator renders it ({@code ServiceAccountsBuilder}) and the syncer's Role grants no
   * ServiceAccounts, so on a host a 403 here is expected.
   */
  private void ensureWorkloadServiceAccount() {
    String name = NameTranslator.workloadServiceAccount(ctx.policy());
    try {
      if (ctx.host().serviceAccounts().inNamespace(ctx.hostNamespace()).withName(name).get()
          == null) {
        ctx.host()
            .serviceAccounts()
            .inNamespace(ctx.hostNamespace())
            .resource(
                new ServiceAccountBuilder()
                    .withNewMetadata()
                    .withName(name)
                    .withNamespace(ctx.hostNamespace())
                    .endMetadata()
                    .withAutomountServiceAccountToken(false)
                    .build())
            .create();
      }
    } catch (KubernetesClientException e) {
      if (e.getCode() == java.net.HttpURLConnection.HTTP_FORBIDDEN) {
        // The rendered Role grants no ServiceAccounts: the operator creates this one.
        LOG.info("host service account {} is left to the operator (no RBAC for it here)", name);
      } else {
        LOG.warn("host service account {} could not be ensured: {}", name, e.getMessage());
      }
    }
  }

  @Override
  public void close() {
    running = false;
    ctx.queues().close();
    ctx.caches().close();
  }
}
