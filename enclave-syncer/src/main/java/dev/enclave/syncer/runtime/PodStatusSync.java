package dev.enclave.syncer.runtime;

import dev.enclave.syncer.translate.HostToTenant;
import io.fabric8.kubernetes.api.model.BindingBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Host pod status and node back onto the tenant pod. The node is set with a JSON merge patch of
 * {@code spec.nodeName} (what the CRUD mock and the playground's tenant servers accept); a real
 * API server answers 422 to that, since a pod's node can only be set through its {@code binding}
 * subresource, so the first 422 switches this syncer to creating Bindings from then on.
 */
public final class PodStatusSync {
  private final SyncContext ctx;
  private final AtomicBoolean bindingRequired = new AtomicBoolean();

  public PodStatusSync(SyncContext ctx) {
    this.ctx = ctx;
  }

  public void reconcile(String key) {
    Pod tenant = Caches.get(ctx.caches().tenantPods, key);
    String ns = SyncContext.namespaceOf(key);
    String name = SyncContext.nameOf(key);
    Pod host = Caches.get(ctx.caches().hostPods, ctx.hostKey(ns, name));
    if (tenant == null || host == null || tenant.getMetadata().getDeletionTimestamp() != null) {
      return;
    }
    String node = HostToTenant.nodeName(host);
    if (node != null && !node.equals(tenant.getSpec().getNodeName())) {
      bind(ns, name, node);
    }
    TenantPodStatus.apply(ctx.tenant(), tenant, HostToTenant.podStatus(host));
  }

  private void bind(String ns, String name, String node) {
    if (!bindingRequired.get()) {
      try {
        ctx.tenant()
            .pods()
            .inNamespace(ns)
            .withName(name)
            .patch(
                PatchContext.of(PatchType.JSON_MERGE),
                io.fabric8.kubernetes.client.utils.Serialization.asJson(
                    Map.of("spec", Map.of("nodeName", node))));
        return;
      } catch (KubernetesClientException e) {
        if (e.getCode() != 422) {
          throw e;
        }
        bindingRequired.set(true);
      }
    }
    ctx.tenant()
        .bindings()
        .inNamespace(ns)
        .resource(
            new BindingBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(ns)
                .endMetadata()
                .withNewTarget()
                .withApiVersion("v1")
                .withKind("Node")
                .withName(node)
                .endTarget()
                .build())
        .create();
  }
}
