package dev.enclave.operator.webhook;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/** Finds a namespace by name, so the pod webhook can tell tenant host namespaces apart. */
@FunctionalInterface
public interface NamespaceLookup {

  /** The namespace, or empty when it does not exist. */
  Optional<Namespace> find(String name);

  /** Backed by the client, remembering tenant host namespaces for 30 seconds. */
  static NamespaceLookup of(KubernetesClient client) {
    return new ClientNamespaceLookup(client, Duration.ofSeconds(30), Clock.systemUTC());
  }
}
