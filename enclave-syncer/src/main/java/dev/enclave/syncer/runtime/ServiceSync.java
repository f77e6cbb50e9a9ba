package dev.enclave.syncer.runtime;

import dev.enclave.syncer.translate.TenantToHost;
import dev.enclave.syncer.translate.Translation;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.Map;

/**
 * Tenant Services to the host, and the host's cluster IP back. The host copy is merge-patched so
 * the host's allocated fields (cluster IP, node ports) stay.
 *
 * <p>Tenant DNS answers with the tenant Service's cluster IP, and only the host copy's routes, so
 * a tenant Service whose cluster IP differs from its host copy's is recreated with the host's (as
 * vCluster does; the tenant's service CIDR must equal the host's), crash-safely ({@link
 * ServiceRecreation}). The host copy is kept and adopted by the new tenant uid in the same pass.
 *
 * <p>The tenant's {@code default/kubernetes} Service is not copied to the host: the tenant API
 * server gives it the first IP of the service range, which on the host is the host's API server.
 * It is recreated instead with the cluster IP of the host Service in front of the tenant API server
 * ({@link TenantApiService}), so that {@code kubernetes.default.svc} reaches the tenant's.
 */
public final class ServiceSync {
  /**
   * On a tenant Service restored after its host cluster IP was refused: that IP, so the syncer
   * does not delete and recreate it again for as long as the host copy keeps it. Keys in {@code
   * enclave.dev} are never copied to the host.
   */
  public static final String CLUSTER_IP_REFUSED = "enclave.dev/cluster-ip-refused";

  static final String MISMATCH_REASON = "ClusterIPNotRecreated";

  /** The tenant API server's own Service, which the syncer readdresses but never copies. */
  static final String KUBERNETES = "default/kubernetes";

  private final SyncContext ctx;
  private final TenantApiService apiService;
  private final ServiceRecreation recreation;

  public ServiceSync(SyncContext ctx) {
    this.ctx = ctx;
    this.apiService = new TenantApiService(ctx);
    this.recreation = new ServiceRecreation(ctx, this::ensureHost);
  }

  /**
   * Whether this tenant Service ({@code namespace/name}) is missing from the cache only because
   * it is being recreated: its dependents must not be deleted meanwhile.
   */
  public boolean recreating(String key) {
    return recreation.inProgress(key, hostCopy(key));
  }

  public void reconcile(String key) {
    if (key.equals(KUBERNETES)) {
      kubernetes();
      return;
    }
    Service tenant = Caches.get(ctx.caches().tenantServices, key);
    Service host = hostCopy(key);
    if (recreation.stale(key, tenant)) {
      return;
    }
    if (tenant == null
        && ServiceRecreation.journaled(host)
        && host.getMetadata().getDeletionTimestamp() == null) {
      recreation.resume(key, host);
      return;
    }
    if (tenant == null || tenant.getMetadata().getDeletionTimestamp() != null) {
      HostWrites.delete(ctx.host(), host);
      return;
    }
    if (!ensureHost(tenant, host) || host == null) {
      return;
    }
    recreation.done(host);
    ClusterAddresses addresses = ClusterAddresses.of(host);
    if (addresses != null) {
      clusterIpBack(tenant, host, addresses);
    }
  }

  private Service hostCopy(String key) {
    return Caches.get(
        ctx.caches().hostServices,
        ctx.hostKey(SyncContext.namespaceOf(key), SyncContext.nameOf(key)));
  }

  /**
   * Gives the tenant's {@code default/kubernetes} the host tenant API Service's cluster IP. Nothing
   * when it is missing: the tenant API server creates it again within seconds (as it does after
   * the delete here, when it is faster than the create: that create gets 409 and the next pass
   * tries again).
   */
  private void kubernetes() {
    Service tenant = Caches.get(ctx.caches().tenantServices, KUBERNETES);
    if (recreation.stale(KUBERNETES, tenant)
        || tenant == null
        || tenant.getMetadata().getDeletionTimestamp() != null) {
      return;
    }
    ClusterAddresses addresses = apiService.addresses();
    if (addresses != null) {
      clusterIpBack(tenant, null, addresses);
    }
  }

  /** Brings the host copy up to date; false when the tenant Service is refused. */
  private boolean ensureHost(Service tenant, Service host) {
    Translation<Service> translation = TenantToHost.service(tenant, ctx.policy());
    if (translation instanceof Translation.Refused<Service> refused) {
      ctx.refusals().record(tenant, refused.reasons());
      HostWrites.delete(ctx.host(), host);
      return false;
    }
    Service desired = ((Translation.Synced<Service>) translation).hostObject();
    Object owned =
        List.of(
            String.valueOf(desired.getMetadata().getLabels()),
            String.valueOf(desired.getMetadata().getAnnotations()),
            Serialization.asJson(desired.getSpec()));
    HostWrites.ensure(ctx.host(), host, desired, owned, HostWrites.Update.MERGE_PATCH);
    return true;
  }

  /**
   * Gives the tenant Service the host's cluster IPs: patched in when the tenant's is empty (the
   * CRUD mock), otherwise (a real API server allocated one, immutable) the tenant Service is
   * deleted and created again with the host's. Headless Services are left alone.
   *
   * @param host the host copy, adopted by the new tenant Service; null for {@code
   *     default/kubernetes}, which has none
   */
  private void clusterIpBack(Service tenant, Service host, ClusterAddresses addresses) {
    String current = tenant.getSpec().getClusterIP();
    if (addresses.carriedBy(tenant)) {
      return;
    }
    if (current == null || current.isEmpty()) {
      ctx.tenant()
          .services()
          .inNamespace(tenant.getMetadata().getNamespace())
          .withName(tenant.getMetadata().getName())
          .patch(
              PatchContext.of(PatchType.JSON_MERGE),
              Serialization.asJson(
                  Map.of(
                      "spec",
                      Map.of("clusterIP", addresses.primary(), "clusterIPs", addresses.ips()))));
      return;
    }
    if ("None".equals(current)
        || addresses.marker().equals(annotation(tenant, CLUSTER_IP_REFUSED))) {
      return;
    }
    recreation.recreate(tenant, host, addresses);
  }

  private static String annotation(Service service, String key) {
    Map<String, String> annotations = service.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(key);
  }
}
