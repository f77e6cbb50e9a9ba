package dev.enclave.syncer.runtime;

import dev.enclave.syncer.translate.HostToTenant;
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
 * the host's allocated fields (cluster IP, node ports) stay. The tenant's {@code
 * default/kubernetes} Service is never synced: pods reach their API server through the host's
 * tenant API Service.
 *
 * <p>Tenant DNS answers with the tenant Service's cluster IP, and only the host copy's routes, so
 * a tenant Service whose cluster IP differs from its host copy's is recreated with the host's (as
 * vCluster does; the tenant's service CIDR must equal the host's). The host copy is kept and
 * adopted by the new tenant uid in the same pass.
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

  private final SyncContext ctx;
  private final Map<String, Recreation> recreations = new ConcurrentHashMap<>();

  public ServiceSync(SyncContext ctx) {
    this.ctx = ctx;
  }

  /**
   * Whether this tenant Service ({@code namespace/name}) is missing from the cache only because
   * the syncer is recreating it: its dependents must not be deleted meanwhile.
   */
  public boolean recreating(String key) {
    return recreations.containsKey(key);
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
    clusterIpBack(tenant, host);
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
   * Gives the tenant Service the host copy's cluster IP: patched in when the tenant's is empty (the
   * CRUD mock), otherwise (a real API server allocated one, immutable) the tenant Service is
   * deleted and created again with the host's. Headless Services are left alone.
   */
  private void clusterIpBack(Service tenant, Service host) {
    String ip = HostToTenant.clusterIP(host);
    String current = tenant.getSpec().getClusterIP();
    if (ip == null || ip.isEmpty() || "None".equals(ip) || ip.equals(current)) {
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
                  Map.of("spec", Map.of("clusterIP", ip, "clusterIPs", List.of(ip)))));
      return;
    }
    if ("None".equals(current) || ip.equals(annotation(tenant, CLUSTER_IP_REFUSED))) {
      return;
    }
    recreate(tenant, host, ip);
  }

  private void recreate(Service tenant, Service host, String ip) {
    String namespace = tenant.getMetadata().getNamespace();
    String name = tenant.getMetadata().getName();
    String key = namespace + "/" + name;
    LOG.info(
        "Service {}: tenant cluster IP {} differs from the host's {}; recreating it with the host's",
        key,
        tenant.getSpec().getClusterIP(),
        ip);
    recreations.put(key, new Recreation(tenant.getMetadata().getUid(), null));
    try {
      ctx.tenant().services().inNamespace(namespace).withName(name).delete();
    } catch (RuntimeException e) {
      recreations.remove(key);
      throw e;
    }
    Service created;
    try {
      created = create(withClusterIP(tenant, ip, false));
    } catch (KubernetesClientException refused) {
      LOG.warn(
          "Service {}: the tenant API server refused cluster IP {} ({}); restoring the Service",
          key,
          ip,
          refused.getMessage());
      created = restore(tenant, ip);
      recreations.put(key, new Recreation(tenant.getMetadata().getUid(), uid(created)));
      ensureHost(created, host);
      warn(created, ip, refused);
      return;
    }
    recreations.put(key, new Recreation(tenant.getMetadata().getUid(), uid(created)));
    // The new tenant uid adopts the host copy: only its identity annotations change.
    ensureHost(created, host);
  }

  /** The tenant Service as it was, marked so the refused IP is not tried again. */
  private Service restore(Service tenant, String refusedIp) {
    try {
      return create(withClusterIP(tenant, tenant.getSpec().getClusterIP(), true, refusedIp));
    } catch (KubernetesClientException e) {
      // Its old IP was taken meanwhile: the Service must exist again, with whatever IP it gets.
      return create(withClusterIP(tenant, null, true, refusedIp));
    }
  }

  private Service create(Service service) {
    return ctx.tenant().services().inNamespace(service.getMetadata().getNamespace())
        .resource(service)
        .create();
  }

  private static Service withClusterIP(Service tenant, String ip, boolean keepIpFamilies) {
    return withClusterIP(tenant, ip, keepIpFamilies, null);
  }

  /** A copy to create: same object without server-set metadata, with the given cluster IP. */
  private static Service withClusterIP(
      Service tenant, String ip, boolean keepIpFamilies, String refusedIp) {
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
    if (refusedIp != null) {
      annotations.put(CLUSTER_IP_REFUSED, refusedIp);
    }
    meta.setAnnotations(annotations.isEmpty() ? null : annotations);
    copy.getSpec().setClusterIP(ip);
    copy.getSpec().setClusterIPs(ip == null ? null : List.of(ip));
    if (!keepIpFamilies) {
      copy.getSpec().setIpFamilies(null);
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
