package dev.enclave.cli.playground;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Set;

/**
 * One host cluster the playground writes to: a local host of one jurisdiction, or a real
 * cluster given with {@code --kubeconfig} serving the jurisdictions named with {@code
 * --jurisdiction}.
 *
 * @param name {@code host-<jurisdiction>} for local hosts, the context name for a real one
 */
public record HostTarget(String name, KubernetesClient client, Set<String> jurisdictions) {

  public HostTarget {
    jurisdictions = Set.copyOf(jurisdictions);
  }

  public boolean serves(String jurisdiction) {
    return jurisdictions.contains(jurisdiction);
  }
}
