package dev.enclave.syncer.runtime;

import dev.enclave.syncer.translate.TenantToHost;
import dev.enclave.syncer.translate.Translation;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.net.HttpURLConnection;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tenant Services to the host, and the host's cluster IP back. The host copy is merge-patched so
 * the host's allocated fields (cluster IP, node ports) stay.
 *
 * <p>Tenant DNS answers with the tenant Service's cluster IP, and only the host copy's routes, so
 * a tenant Service whose cluster IP differs from its host copy's is recreated with the host's (as
 * vCluster does; the tenant's service CIDR must equal the host's). The host copy is kept and
 * adopted by the new tenant uid in the same pass.
 *
 * <p>The tenant's {@code default/kubernetes} Service is not copied to the host: the tenant API
 * server gives it the first IP of the service range, which on the host is the host's API server.
 * It is recreated instead with the cluster IP of the host Service in front of the tenant API server
 * ({@link TenantApiService}), so that {@code kubernetes.default.svc} reaches the tenant's.
 */
public final class ServiceSync {
  private static final Logger LOG = LoggerFactory.getLogger(ServiceSync.class);

  /**
   * On a tenant Service restored after its host cluster IP was refused: that IP, so the syncer
   * does not delete and recreate it again for as long as the host copy keeps it. Keys in {@code
   * enclave.dev} are never copied to the host.
   */
  public static final String CLUSTER_IP_REFUSED = "enclave.dev/cluster-ip-refused";

  static final String MISMATCH_REASON = "ClusterIPNotRecreated";

  /** A tenant Service this syncer deleted and created again, until the cache has the new one. */
  private record Recreation(String oldUid, String newUid) {}

  /** The tenant API server's own Service, which the syncer readdresses but never copies. */
  static final String KUBERNETES = "default/kubernetes";

  private final SyncContext ctx;
  private final TenantApiService apiService;
  private final Map<String, Recreation> recreations = new ConcurrentHashMap<>();

  public ServiceSync(SyncContext ctx) {
    this.ctx = ctx;
    this.apiService = new TenantApiService(ctx);
  }

  /**
   * Whether this tenant Service ({@code namespace/name}) is missing from the cache only because
   * the syncer is recreating it: its dependents must not be deleted meanwhile.
   */
  public boolean recreating(String key) {
    return recreations.containsKey(key);
  }

  public void reconcile(String key) {
    if (key.equals(KUBERNETES)) {
      kubernetes();
      return;
    }
    Service tenant = Caches.get(ctx.caches().tenantServices, key);
    Service host =
        Caches.get(
            ctx.caches().hostServices,
            ctx.hostKey(SyncContext.namespaceOf(key), SyncContext.nameOf(key)));
    if (staleAfterRecreation(key, tenant)) {
      return;
    }
    if (tenant == null || tenant.getMetadata().getDeletionTimestamp() != null) {
      HostWrites.delete(ctx.host(), host);
      return;
    }
    if (!ensureHost(tenant, host) || host == null) {
      return;
    }
    ClusterAddresses addresses = ClusterAddresses.of(host);
    if (addresses != null) {
      clusterIpBack(tenant, host, addresses);
    }
  }

  /**
   * Gives the tenant's {@code default/kubernetes} the host tenant API Service's cluster IP. Nothing
   * when it is missing: the tenant API server creates it again within seconds (as it does after
   * the delete here, when it is faster than the create: that create gets 409 and the next pass
   * tries again).
   */
  private void kubernetes() {
    Service tenant = Caches.get(ctx.caches().tenantServices, KUBERNETES);
    if (staleAfterRecreation(KUBERNETES, tenant)
        || tenant == null
        || tenant.getMetadata().getDeletionTimestamp() != null) {
      return;
    }
    ClusterAddresses addresses = apiService.addresses();
    if (addresses != null) {
      clusterIpBack(tenant, null, addresses);
    }
  }

  /**
   * True while the cache still shows the tenant Service this syncer replaced, or none although the
   * new one exists: the watch events are on their way and will enqueue the key again. Deciding on
   * such a cache would delete the host copy or recreate the tenant Service once more.
   */
  private boolean staleAfterRecreation(String key, Service cached) {
    Recreation recreation = recreations.get(key);
    if (recreation == null) {
      return false;
    }
    if (cached != null) {
      String uid = cached.getMetadata().getUid();
      if (uid != null && uid.equals(recreation.oldUid())) {
        return true;
      }
      recreations.remove(key);
      return false;
    }
    Service live =
        ctx.tenant()
            .services()
            .inNamespace(SyncContext.namespaceOf(key))
            .withName(SyncContext.nameOf(key))
            .get();
    if (live != null && live.getMetadata().getDeletionTimestamp() == null) {
      return true;
    }
    recreations.remove(key);
    return false;
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
    String namespace = tenant.getMetadata().getNamespace();
    String name = tenant.getMetadata().getName();
    if (current == null || current.isEmpty()) {
      ctx.tenant()
          .services()
          .inNamespace(namespace)
          .withName(name)
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
    recreate(tenant, host, addresses);
  }

  private void recreate(Service tenant, Service host, ClusterAddresses addresses) {
    String namespace = tenant.getMetadata().getNamespace();
    String name = tenant.getMetadata().getName();
    String key = namespace + "/" + name;
    LOG.info(
        "Service {}: tenant cluster IPs {} differ from the host's {}; recreating it with the"
            + " host's",
        key,
        ClusterAddresses.ipsOf(tenant),
        addresses.ips());
    recreations.put(key, new Recreation(tenant.getMetadata().getUid(), null));
    try {
      ctx.tenant().services().inNamespace(namespace).withName(name).delete();
    } catch (RuntimeException e) {
      recreations.remove(key);
      throw e;
    }
    Service created;
    try {
      created = create(withAddresses(tenant, addresses, null));
    } catch (KubernetesClientException refused) {
      if (refused.getCode() == HttpURLConnection.HTTP_CONFLICT) {
        throw refused; // created meanwhile (the tenant API server's own): the next pass decides
      }
      LOG.warn(
          "Service {}: the tenant API server refused cluster IPs {} ({}); restoring the Service",
          key,
          addresses.ips(),
          refused.getMessage());
      created = restore(tenant, addresses.marker());
      recreations.put(key, new Recreation(tenant.getMetadata().getUid(), uid(created)));
      adopt(created, host);
      warn(created, addresses.marker(), refused);
      return;
    }
    recreations.put(key, new Recreation(tenant.getMetadata().getUid(), uid(created)));
    adopt(created, host);
  }

  /** The new tenant uid adopts the host copy: only its identity annotations change. */
  private void adopt(Service created, Service host) {
    if (host != null) {
      ensureHost(created, host);
    }
  }

  /** The tenant Service as it was, marked so the refused IP is not tried again. */
  private Service restore(Service tenant, String refused) {
    try {
      return create(withAddresses(tenant, ClusterAddresses.of(tenant), refused));
    } catch (KubernetesClientException e) {
      // Its old IP was taken meanwhile: the Service must exist again, with whatever IP it gets.
      return create(withAddresses(tenant, null, refused));
    }
  }

  private Service create(Service service) {
    return ctx.tenant()
        .services()
        .inNamespace(service.getMetadata().getNamespace())
        .resource(service)
        .create();
  }

  /**
   * A copy to create: same object without server-set metadata, with the given addresses (none:
   * the server allocates) and the refused-IP marker when not null.
   */
  private static Service withAddresses(
      Service tenant, ClusterAddresses addresses, String refused) {
    Service copy = Serialization.clone(tenant);
    ObjectMeta meta = copy.getMetadata();
    meta.setResourceVersion(null);
    meta.setUid(null);
    meta.setCreationTimestamp(null);
    meta.setDeletionTimestamp(null);
    meta.setDeletionGracePeriodSeconds(null);
    meta.setGeneration(null);
    meta.setManagedFields(null);
    Map<String, String> annotations =
        meta.getAnnotations() == null ? new TreeMap<>() : new TreeMap<>(meta.getAnnotations());
    annotations.remove(CLUSTER_IP_REFUSED);
    if (refused != null) {
      annotations.put(CLUSTER_IP_REFUSED, refused);
    }
    meta.setAnnotations(annotations.isEmpty() ? null : annotations);
    if (addresses == null) {
      copy.getSpec().setClusterIP(null);
      copy.getSpec().setClusterIPs(null);
    } else if (!addresses.carriedBy(tenant)) {
      addresses.applyTo(copy.getSpec());
    }
    copy.setStatus(null);
    return copy;
  }

  /** One Warning Event per tenant Service and refused IP; a restart gets 409 and adds none. */
  private void warn(Service tenant, String ip, KubernetesClientException cause) {
    ObjectMeta meta = new ObjectMeta();
    meta.setNamespace(tenant.getMetadata().getNamespace());
    meta.setName(
        tenant.getMetadata().getName()
            + "."
            + Fingerprints.of(List.of(tenant.getMetadata().getName(), ip)));
    ObjectReference object = new ObjectReference();
    object.setApiVersion("v1");
    object.setKind("Service");
    object.setNamespace(tenant.getMetadata().getNamespace());
    object.setName(tenant.getMetadata().getName());
    object.setUid(tenant.getMetadata().getUid());
    Event event = new Event();
    event.setMetadata(meta);
    event.setInvolvedObject(object);
    event.setType("Warning");
    event.setReason(MISMATCH_REASON);
    event.setMessage(
        "The host gave this Service cluster IP "
            + ip
            + " but the tenant API server refused it ("
            + (cause.getStatus() == null ? cause.getMessage() : cause.getStatus().getMessage())
            + "); the Service keeps its own IP, which does not route from synced pods. The"
            + " tenant's service CIDR (--service-cluster-ip-range) must equal the host's.");
    event.setCount(1);
    String now = Instant.now().toString();
    event.setFirstTimestamp(now);
    event.setLastTimestamp(now);
    try {
      ctx.tenant().v1().events().inNamespace(meta.getNamespace()).resource(event).create();
    } catch (KubernetesClientException e) {
      if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
        LOG.warn("Service {}: could not record the Event: {}", object.getName(), e.getMessage());
      }
    }
  }

  private static String uid(Service service) {
    return service == null ? null : service.getMetadata().getUid();
  }

  private static String annotation(Service service, String key) {
    Map<String, String> annotations = service.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(key);
  }
}
