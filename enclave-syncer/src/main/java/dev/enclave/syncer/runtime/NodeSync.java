package dev.enclave.syncer.runtime;

import dev.enclave.syncer.translate.HostToTenant;
import dev.enclave.syncer.translate.NameTranslator;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The tenant's Nodes: exactly the host nodes of its jurisdiction that run one of its pods, as
 * {@link HostToTenant#tenantNode} shows them. Needs cluster-scoped read of host nodes (RBAC: a
 * ClusterRole with get/list/watch on nodes) and node write access in the tenant.
 */
public final class NodeSync {
  private final SyncContext ctx;
  private final Map<String, Set<String>> podsByNode = new ConcurrentHashMap<>();

  public NodeSync(SyncContext ctx) {
    this.ctx = ctx;
  }

  /** Keeps the count of synced pods per node, from host pod events. */
  public void hostPodChanged(Pod before, Pod after) {
    String was = before == null ? null : before.getSpec().getNodeName();
    String now = after == null ? null : after.getSpec().getNodeName();
    if (was != null && !was.equals(now)) {
      Set<String> pods = podsByNode.get(was);
      if (pods != null) {
        pods.remove(before.getMetadata().getName());
      }
      ctx.queues().nodes.add(was);
    }
    if (now != null) {
      if (podsByNode.computeIfAbsent(now, n -> ConcurrentHashMap.newKeySet())
          .add(after.getMetadata().getName())) {
        ctx.queues().nodes.add(now);
      }
    }
  }

  public void reconcile(String name) {
    Set<String> pods = podsByNode.get(name);
    Node host = Caches.get(ctx.caches().hostNodes, name);
    Node tenant = Caches.get(ctx.caches().tenantNodes, name);
    Node desired =
        host == null || pods == null || pods.isEmpty() ? null : HostToTenant.tenantNode(host);
    if (desired == null) {
      if (tenant != null) {
        ctx.tenant().nodes().withName(name).delete();
      }
      return;
    }
    Map<String, String> labels =
        desired.getMetadata().getLabels() == null
            ? new java.util.TreeMap<>()
            : new java.util.TreeMap<>(desired.getMetadata().getLabels());
    labels.put(NameTranslator.MANAGED_BY_LABEL, NameTranslator.MANAGED_BY);
    desired.getMetadata().setLabels(labels);
    desired.getMetadata().setName(name);
    Object owned =
        List.of(
            String.valueOf(desired.getMetadata().getLabels()),
            String.valueOf(desired.getMetadata().getAnnotations()),
            String.valueOf(desired.getSpec()),
            String.valueOf(desired.getStatus()));
    String fingerprint = Fingerprints.of(owned);
    if (tenant != null && Fingerprints.matches(tenant, fingerprint)) {
      return;
    }
    Node stamped = Fingerprints.stamp(desired, fingerprint);
    Node written;
    if (tenant == null) {
      written = ctx.tenant().nodes().resource(stamped).create();
    } else {
      stamped.getMetadata().setResourceVersion(tenant.getMetadata().getResourceVersion());
      written = ctx.tenant().nodes().resource(stamped).update();
    }
    if (desired.getStatus() != null) {
      stamped.getMetadata().setResourceVersion(written.getMetadata().getResourceVersion());
      try {
        ctx.tenant().nodes().resource(stamped).updateStatus();
      } catch (KubernetesClientException e) {
        if (e.getCode() != 404) {
          throw e;
        }
      }
    }
  }
}
