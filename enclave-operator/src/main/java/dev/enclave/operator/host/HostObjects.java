package dev.enclave.operator.host;

import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.net.HttpURLConnection;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings one host object to its desired state, reading the actual one from the informer cache of
 * its kind: created when missing, updated when an owned field drifted, else left alone (no request
 * at all). An update sends the actual object with the owned fields merged in, guarded by its
 * resourceVersion; fields set by the server or other controllers survive. Writes are recorded in
 * the cache so the next reconcile does not act on a stale copy.
 */
public final class HostObjects {
  private static final Logger LOG = LoggerFactory.getLogger(HostObjects.class);

  private final KubernetesClient client;
  private final Map<Class<? extends HasMetadata>, InformerEventSource<?, ?>> informers;

  public HostObjects(
      KubernetesClient client,
      Map<Class<? extends HasMetadata>, ? extends InformerEventSource<?, ?>> informers) {
    this.client = client;
    this.informers = Map.copyOf(informers);
  }

  /** The cached object of a watched kind, or empty. */
  public <R extends HasMetadata> Optional<R> cached(Class<R> kind, String namespace, String name) {
    InformerEventSource<R, ?> informer = informerFor(kind);
    if (informer == null) {
      throw new IllegalArgumentException(kind.getSimpleName() + " is not watched");
    }
    return informer.get(new ResourceID(name, namespace));
  }

  /** The actual object: from the cache of its kind, or read from the server for unwatched kinds. */
  private <R extends HasMetadata> Optional<R> current(R desired) {
    InformerEventSource<R, ?> informer = informerFor(kindOf(desired));
    if (informer != null) {
      return informer.get(ResourceID.fromResource(desired));
    }
    return Optional.ofNullable(client.resource(desired).get());
  }

  /** Creates, updates or leaves the object; {@code owner} is the tenant the write is cached for. */
  public <R extends HasMetadata> Outcome apply(ResourceID owner, R desired) {
    Optional<R> actual = current(desired);
    if (actual.isEmpty()) {
      return create(owner, desired);
    }
    if (OwnedFields.heldBy(desired, actual.get())) {
      return Outcome.UNCHANGED;
    }
    return update(owner, desired, actual.get());
  }

  /** Creates an object that must not be overwritten once it exists (e.g. key material). */
  public <R extends HasMetadata> Outcome createIfAbsent(ResourceID owner, R desired) {
    return current(desired)
        .map(existing -> Outcome.UNCHANGED)
        .orElseGet(() -> create(owner, desired));
  }

  /** Replaces an object wholesale (e.g. renewed certificates), guarded by its resourceVersion. */
  public <R extends HasMetadata> Outcome replace(ResourceID owner, R desired, R actual) {
    desired.getMetadata().setResourceVersion(actual.getMetadata().getResourceVersion());
    R updated = client.resource(desired).update();
    recordUpdate(owner, updated, actual);
    log(Outcome.UPDATED, desired);
    return Outcome.UPDATED;
  }

  private <R extends HasMetadata> Outcome create(ResourceID owner, R desired) {
    try {
      R created = client.resource(desired).create();
      recordCreate(owner, created);
      log(Outcome.CREATED, desired);
      return Outcome.CREATED;
    } catch (KubernetesClientException e) {
      if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
        throw e;
      }
      R existing = client.resource(desired).get();
      if (existing == null || OwnedFields.heldBy(desired, existing)) {
        return Outcome.UNCHANGED;
      }
      return update(owner, desired, existing);
    }
  }

  private <R extends HasMetadata> Outcome update(ResourceID owner, R desired, R actual) {
    R updated = client.resource(OwnedFields.mergedInto(actual, desired)).update();
    recordUpdate(owner, updated, actual);
    log(Outcome.UPDATED, desired);
    return Outcome.UPDATED;
  }

  private <R extends HasMetadata> void recordCreate(ResourceID owner, R created) {
    InformerEventSource<R, ?> informer = informerFor(kindOf(created));
    if (informer != null && created != null) {
      informer.handleRecentResourceCreate(owner, created);
    }
  }

  private <R extends HasMetadata> void recordUpdate(ResourceID owner, R updated, R previous) {
    InformerEventSource<R, ?> informer = informerFor(kindOf(updated));
    if (informer != null && updated != null) {
      informer.handleRecentResourceUpdate(owner, updated, previous);
    }
  }

  /**
   * Deletes what the tenant owns on the host but no longer renders: every cached object of {@code
   * kinds} (watched kinds only) whose labels include all of {@code ownedBy} and whose kind,
   * namespace and name are not among {@code desired}. The informers select Enclave's managed-by
   * label, so nothing Enclave did not write (the syncer's copies carry their own) is ever seen
   * here. Returns one {@link Outcome#DELETED} per deletion.
   */
  public List<Outcome> prune(
      Map<String, String> ownedBy, List<? extends HasMetadata> desired, Set<Class<? extends HasMetadata>> kinds) {
    Set<String> wanted = new HashSet<>();
    desired.forEach(o -> wanted.add(key(o)));
    List<Outcome> deleted = new ArrayList<>();
    for (Class<? extends HasMetadata> kind : kinds) {
      InformerEventSource<? extends HasMetadata, ?> informer = informers.get(kind);
      if (informer == null) {
        continue;
      }
      List<? extends HasMetadata> stale =
          informer.list(o -> owned(o, ownedBy) && !wanted.contains(key(o))).toList();
      for (HasMetadata object : stale) {
        client.resource(object).withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
        log(Outcome.DELETED, object);
        deleted.add(Outcome.DELETED);
      }
    }
    return deleted;
  }

  private static boolean owned(HasMetadata object, Map<String, String> ownedBy) {
    Map<String, String> labels = object.getMetadata().getLabels();
    return labels != null && labels.entrySet().containsAll(ownedBy.entrySet());
  }

  private static String key(HasMetadata object) {
    return object.getKind() + "/" + Objects.toString(object.getMetadata().getNamespace(), "") + "/"
        + object.getMetadata().getName();
  }

  @SuppressWarnings("unchecked")
  private static <R extends HasMetadata> Class<R> kindOf(R object) {
    return (Class<R>) object.getClass();
  }

  @SuppressWarnings("unchecked")
  private <R extends HasMetadata> InformerEventSource<R, ?> informerFor(Class<R> kind) {
    return (InformerEventSource<R, ?>) informers.get(kind);
  }

  private static void log(Outcome outcome, HasMetadata object) {
    LOG.info(
        "{} {} {}/{}",
        outcome.name().toLowerCase(),
        object.getKind(),
        object.getMetadata().getNamespace() == null ? "" : object.getMetadata().getNamespace(),
        object.getMetadata().getName());
  }
}
