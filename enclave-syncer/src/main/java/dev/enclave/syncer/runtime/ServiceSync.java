package dev.enclave.syncer.runtime;

import dev.enclave.syncer.translate.HostToTenant;
import dev.enclave.syncer.translate.TenantToHost;
import dev.enclave.syncer.translate.Translation;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tenant Services to the host, and the host's cluster IP back. The host copy is merge-patched so
 * the host's allocated fields (cluster IP, node ports) stay. The tenant's {@code default/kubernetes}
 * Service is never synced: pods reach their API server through the host's tenant API Service.
 */
public final class ServiceSync {
  private static final Logger LOG = LoggerFactory.getLogger(ServiceSync.class);
  private final SyncContext ctx;

  public ServiceSync(SyncContext ctx) {
    this.ctx = ctx;
  }

  public void reconcile(String key) {
    if (key.equals("default/kubernetes")) {
      return;
    }
    Service tenant = Caches.get(ctx.caches().tenantServices, key);
    Service host =
        Caches.get(
            ctx.caches().hostServices,
            ctx.hostKey(SyncContext.namespaceOf(key), SyncContext.nameOf(key)));
    if (tenant == null || tenant.getMetadata().getDeletionTimestamp() != null) {
      HostWrites.delete(ctx.host(), host);
      return;
    }
    Translation<Service> translation = TenantToHost.service(tenant, ctx.policy());
    if (translation instanceof Translation.Refused<Service> refused) {
      ctx.refusals().record(tenant, refused.reasons());
      HostWrites.delete(ctx.host(), host);
      return;
    }
    Service desired = ((Translation.Synced<Service>) translation).hostObject();
    Object owned =
        List.of(
            String.valueOf(desired.getMetadata().getLabels()),
            String.valueOf(desired.getMetadata().getAnnotations()),
            Serialization.asJson(desired.getSpec()));
    HostWrites.ensure(ctx.host(), host, desired, owned, HostWrites.Update.MERGE_PATCH);
    if (host != null) {
      clusterIpBack(tenant, HostToTenant.clusterIP(host));
    }
  }

  /**
   * Sets the host's cluster IP on a tenant Service that has none. A tenant API server that
   * allocated an IP of its own keeps it (spec.clusterIP is immutable there); that is logged.
   */
  private void clusterIpBack(Service tenant, String ip) {
    if (ip == null || ip.isEmpty() || ip.equals(tenant.getSpec().getClusterIP())) {
      return;
    }
    String current = tenant.getSpec().getClusterIP();
    if (current != null && !current.isEmpty()) {
      LOG.info(
          "Service {}/{}: tenant cluster IP {} differs from the host's {}; left as is",
          tenant.getMetadata().getNamespace(),
          tenant.getMetadata().getName(),
          current,
          ip);
      return;
    }
    ctx.tenant()
        .services()
        .inNamespace(tenant.getMetadata().getNamespace())
        .withName(tenant.getMetadata().getName())
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            Serialization.asJson(
                Map.of("spec", Map.of("clusterIP", ip, "clusterIPs", List.of(ip)))));
  }
}
