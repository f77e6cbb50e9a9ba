package dev.enclave.syncer.runtime;

import io.fabric8.kubernetes.api.model.DeleteOptions;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.Preconditions;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.ServiceResource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.net.HttpURLConnection;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes a tenant Service and creates it again with other cluster IPs (they are immutable), and
 * never loses it. Before the delete, the Service as it will be created back is written on its host
 * copy ({@link #JOURNAL}); a syncer that crashed, or whose creates all failed, finds it there and
 * creates the Service from it, and garbage collection keeps a host copy that carries one. The
 * delete is conditional on the cached uid and resourceVersion, so a tenant change made meanwhile
 * is not lost: the delete fails with 409 and the next pass sees the change.
 */
final class ServiceRecreation {
  private static final Logger LOG = LoggerFactory.getLogger(ServiceRecreation.class);
  private static final int UNPROCESSABLE = 422;

  /**
   * On a host Service copy: the tenant Service the syncer is recreating, as JSON, from just before
   * its delete until the new one exists and has adopted the copy. Keys in {@code enclave.dev} are
   * never copied to the tenant.
   */
  static final String JOURNAL = "enclave.dev/recreating";

  /** A tenant Service this syncer deleted and created again, until the cache has the new one. */
  private record Recreation(String oldUid, String newUid) {}

  private final SyncContext ctx;
  private final BiConsumer<Service, Service> adopt;
  private final Map<String, Recreation> recreations = new ConcurrentHashMap<>();

  /**
   * @param adopt brings a host copy (second argument) up to date with the new tenant Service
   */
  ServiceRecreation(SyncContext ctx, BiConsumer<Service, Service> adopt) {
    this.ctx = ctx;
    this.adopt = adopt;
  }

  /** Whether the host object carries a tenant Service that is being recreated. */
  static boolean journaled(HasMetadata host) {
    Map<String, String> annotations = host == null ? null : host.getMetadata().getAnnotations();
    return annotations != null && annotations.get(JOURNAL) != null;
  }

  /** Whether this tenant Service is being recreated, here or by a syncer that stopped midway. */
  boolean inProgress(String key, Service host) {
    return recreations.containsKey(key) || journaled(host);
  }

  /**
   * True while the cache still shows the tenant Service this syncer replaced, or none although the
   * new one exists: the watch events are on their way and will enqueue the key again. Deciding on
   * such a cache would delete the host copy or recreate the tenant Service once more.
   */
  boolean stale(String key, Service cached) {
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

  /**
   * Recreates the tenant Service with these addresses, or as it was when they are refused.
   *
   * @param host its host copy, which keeps the journal and is adopted; null for {@code
   *     default/kubernetes}, whose tenant API server creates it again by itself
   */
  void recreate(Service tenant, Service host, ClusterAddresses addresses) {
    String key = key(tenant);
    LOG.info(
        "Service {}: tenant cluster IPs {} differ from the host's {}; recreating it with the"
            + " host's",
        key,
        ClusterAddresses.ipsOf(tenant),
        addresses.ips());
    Service original = toCreate(tenant, null, null);
    recreations.put(key, new Recreation(tenant.getMetadata().getUid(), null));
    try {
      if (host != null) {
        writeJournal(host, original);
      }
      if (!deleteUnchanged(tenant)) {
        LOG.info("Service {}: deleted by someone else meanwhile; not recreated", key);
        recreations.remove(key);
        clearJournal(host);
        return;
      }
    } catch (RuntimeException e) {
      // 409: changed meanwhile. The next pass sees the change and clears the journal.
      recreations.remove(key);
      throw e;
    }
    finish(key, tenant.getMetadata().getUid(), original, host, addresses);
  }

  /**
   * Creates the tenant Service journaled on its host copy, with the copy's addresses: the syncer
   * that deleted it stopped before creating it again.
   */
  void resume(String key, Service host) {
    Service original;
    try {
      original =
          Serialization.unmarshal(host.getMetadata().getAnnotations().get(JOURNAL), Service.class);
    } catch (RuntimeException e) {
      LOG.warn(
          "Service {}: unreadable {} on its host copy, dropped: {}", key, JOURNAL, e.getMessage());
      clearJournal(host);
      return;
    }
    LOG.info("Service {}: missing while its recreation was journaled; creating it again", key);
    recreations.put(key, new Recreation(null, null));
    ClusterAddresses addresses = ClusterAddresses.of(host);
    if (addresses == null) {
      addresses = ClusterAddresses.of(original);
    }
    finish(key, null, original, host, addresses);
  }

  /** Clears the journal of a host copy whose tenant Service exists again. */
  void done(Service host) {
    if (journaled(host)) {
      clearJournal(host);
    }
  }

  private void finish(
      String key, String oldUid, Service original, Service host, ClusterAddresses addresses) {
    Service created;
    try {
      created = createBack(key, original, addresses);
    } catch (KubernetesClientException e) {
      if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
        recreations.remove(key); // created meanwhile: the next pass decides
      }
      throw e; // otherwise the journal stays: the next pass creates it from there
    }
    recreations.put(key, new Recreation(oldUid, uid(created)));
    if (host != null) {
      adopt.accept(created, host);
      clearJournal(host);
    }
  }

  /** Creates the Service with the addresses, or, when they are refused, as it was (marked). */
  private Service createBack(String key, Service original, ClusterAddresses addresses) {
    if (addresses == null || addresses.carriedBy(original)) {
      return create(original);
    }
    try {
      return create(toCreate(original, addresses, null));
    } catch (KubernetesClientException refused) {
      if (!refusal(refused)) {
        throw refused;
      }
      LOG.warn(
          "Service {}: the tenant API server refused cluster IPs {} ({}); restoring the Service",
          key,
          addresses.ips(),
          refused.getMessage());
      Service restored = restore(original, addresses.marker());
      warn(restored, addresses.marker(), refused);
      return restored;
    }
  }

  /** The tenant Service as it was, marked so the refused IPs are not tried again. */
  private Service restore(Service original, String refused) {
    try {
      return create(toCreate(original, ClusterAddresses.of(original), refused));
    } catch (KubernetesClientException e) {
      if (!refusal(e)) {
        throw e;
      }
      // Its old IP was taken meanwhile: the Service must exist again, with whatever IP it gets.
      return create(toCreate(original, null, refused));
    }
  }

  /** 4xx but 409: the server refused this object; 409 means it exists, 5xx is transient. */
  private static boolean refusal(KubernetesClientException e) {
    int code = e.getCode();
    return code >= 400 && code < 500 && code != HttpURLConnection.HTTP_CONFLICT;
  }

  /** Deletes the cached tenant Service unless it changed; false when it was already gone. */
  private boolean deleteUnchanged(Service tenant) {
    ObjectMeta meta = tenant.getMetadata();
    DeleteOptions options = new DeleteOptions();
    options.setPreconditions(new Preconditions(meta.getResourceVersion(), meta.getUid()));
    try {
      ctx.tenant()
          .raw(
              "/api/v1/namespaces/" + meta.getNamespace() + "/services/" + meta.getName(),
              "DELETE",
              options);
      return true;
    } catch (KubernetesClientException e) {
      if (e.getCode() == HttpURLConnection.HTTP_NOT_FOUND) {
        return false;
      }
      throw e;
    }
  }

  private void writeJournal(Service host, Service original) {
    hostCopy(host)
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            Serialization.asJson(
                Map.of(
                    "metadata",
                    Map.of("annotations", Map.of(JOURNAL, Serialization.asJson(original))))));
  }

  /**
   * Removes the journal with a JSON patch: the CRUD mock keeps a key that a merge patch sets to
   * null. A real server answers 422 when it is already gone, which is what was wanted.
   */
  private void clearJournal(Service host) {
    if (host == null) {
      return;
    }
    try {
      hostCopy(host)
          .patch(
              PatchContext.of(PatchType.JSON),
              "[{\"op\":\"remove\",\"path\":\"/metadata/annotations/"
                  + JOURNAL.replace("~", "~0").replace("/", "~1")
                  + "\"}]");
    } catch (KubernetesClientException e) {
      if (e.getCode() != UNPROCESSABLE && e.getCode() != HttpURLConnection.HTTP_NOT_FOUND) {
        throw e;
      }
    }
  }

  private ServiceResource<Service> hostCopy(Service host) {
    return ctx.host()
        .services()
        .inNamespace(host.getMetadata().getNamespace())
        .withName(host.getMetadata().getName());
  }

  private Service create(Service service) {
    return ctx.tenant()
        .services()
        .inNamespace(service.getMetadata().getNamespace())
        .resource(service)
        .create();
  }

  /**
   * A copy to create: same object without server-set fields, with the given addresses (null: the
   * server allocates) and the refused-IP marker when not null.
   */
  static Service toCreate(Service tenant, ClusterAddresses addresses, String refused) {
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
    annotations.remove(ServiceSync.CLUSTER_IP_REFUSED);
    if (refused != null) {
      annotations.put(ServiceSync.CLUSTER_IP_REFUSED, refused);
    }
    meta.setAnnotations(annotations.isEmpty() ? null : annotations);
    if (addresses == null && refused != null) {
      copy.getSpec().setClusterIP(null);
      copy.getSpec().setClusterIPs(null);
    } else if (addresses != null && !addresses.carriedBy(tenant)) {
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
    event.setReason(ServiceSync.MISMATCH_REASON);
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

  private static String key(Service service) {
    return service.getMetadata().getNamespace() + "/" + service.getMetadata().getName();
  }

  private static String uid(Service service) {
    return service == null ? null : service.getMetadata().getUid();
  }
}
