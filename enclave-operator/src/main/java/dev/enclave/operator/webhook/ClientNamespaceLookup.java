package dev.enclave.operator.webhook;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads namespaces through the client. Only tenant host namespaces are cached: a stale entry then
 * can only make validation stricter, never let a pod of a newly labelled namespace through.
 */
final class ClientNamespaceLookup implements NamespaceLookup {
  private record Entry(Namespace namespace, Instant expires) {}

  private final KubernetesClient client;
  private final Duration ttl;
  private final Clock clock;
  private final Map<String, Entry> cache = new ConcurrentHashMap<>();

  ClientNamespaceLookup(KubernetesClient client, Duration ttl, Clock clock) {
    this.client = client;
    this.ttl = ttl;
    this.clock = clock;
  }

  @Override
  public Optional<Namespace> find(String name) {
    Instant now = clock.instant();
    Entry cached = cache.get(name);
    if (cached != null && now.isBefore(cached.expires())) {
      return Optional.of(cached.namespace());
    }
    Namespace namespace = client.namespaces().withName(name).get();
    if (namespace != null && TenantHostNamespace.jurisdictionOf(namespace).isPresent()) {
      cache.put(name, new Entry(namespace, now.plus(ttl)));
    } else {
      cache.remove(name);
    }
    return Optional.ofNullable(namespace);
  }
}
