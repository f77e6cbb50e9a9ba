package dev.enclave.core.observed;

import java.util.Map;

/**
 * A PersistentVolumeClaim in a tenant's host namespace.
 *
 * @param topology the node labels the bound volume is pinned to (its PersistentVolume's required
 *     node affinity), empty when unbound or unconstrained
 */
public record ObservedVolume(String claim, String storageClass, Map<String, String> topology) {

  public ObservedVolume {
    topology = topology == null ? Map.of() : Map.copyOf(topology);
  }
}
