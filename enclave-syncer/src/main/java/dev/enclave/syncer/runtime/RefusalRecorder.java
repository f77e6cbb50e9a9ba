package dev.enclave.syncer.runtime;

import dev.enclave.syncer.translate.HostToTenant;
import dev.enclave.syncer.translate.Refusal;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tells the tenant why an object was not synced, with one Warning Event per object, generation and
 * set of reasons. The Event's name is derived from those, so a restarted syncer that records the
 * same refusal again gets 409 and writes nothing new.
 */
public final class RefusalRecorder {
  private final KubernetesClient tenant;
  private final Clock clock;
  private final Set<String> recorded = ConcurrentHashMap.newKeySet();

  public RefusalRecorder(KubernetesClient tenant, Clock clock) {
    this.tenant = tenant;
    this.clock = clock;
  }

  /** Records the refusal unless this object's generation was refused for the same reasons. */
  public void record(HasMetadata tenantObject, List<Refusal> reasons) {
    String identity = identity(tenantObject, reasons);
    if (!recorded.contains(identity)) {
      Event event = HostToTenant.refusalEvent(tenantObject, reasons, clock.instant());
      create(tenantObject, event, identity);
    }
  }

  /**
   * A Warning Event with this reason and message on an object that is synced but lacks something,
   * once per object generation, reason and message.
   */
  public void warn(HasMetadata tenantObject, String reason, String message) {
    String identity = identity(tenantObject, List.of(reason, message));
    if (recorded.contains(identity)) {
      return;
    }
    Event event = HostToTenant.refusalEvent(tenantObject, List.of(), clock.instant());
    event.setReason(reason);
    event.setMessage(message);
    create(tenantObject, event, identity);
  }

  private void create(HasMetadata tenantObject, Event event, String identity) {
    String namespace = tenantObject.getMetadata().getNamespace();
    event.getMetadata().setNamespace(namespace);
    event
        .getMetadata()
        .setName(tenantObject.getMetadata().getName() + "." + Fingerprints.of(identity));
    try {
      tenant.v1().events().inNamespace(namespace).resource(event).create();
    } catch (KubernetesClientException e) {
      if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
        throw e;
      }
    }
    recorded.add(identity);
  }

  /** Forgets an object that is gone, so the set stays as large as the tenant's objects. */
  public void forget(String uid) {
    if (uid != null) {
      recorded.removeIf(identity -> identity.startsWith(uid + "/"));
    }
  }

  private static String identity(HasMetadata object, List<?> reasons) {
    Long generation = object.getMetadata().getGeneration();
    return object.getMetadata().getUid()
        + "/"
        + (generation == null ? "-" : generation)
        + "/"
        + Fingerprints.of(reasons);
  }
}
