package dev.enclave.core.evidence;

import dev.enclave.core.observed.AccessSubject;
import dev.enclave.core.observed.ObservedVolume;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A tenant cluster as observed live: its pods and the nodes they run on, its volumes, and the host
 * RBAC subjects able to read its host namespace.
 *
 * @param phase the TenantCluster's status.phase on the host, or null when it is not there
 */
public record ObservedEvidence(
    String hostNamespace,
    String phase,
    List<PodEvidence> pods,
    List<ObservedVolume> volumes,
    List<AccessSubject> readers,
    Instant lastSuccessfulBackup) {

  public ObservedEvidence {
    pods = List.copyOf(pods);
    volumes = List.copyOf(volumes);
    readers = List.copyOf(readers);
  }

  /**
   * A pod and its node.
   *
   * @param nodeJurisdiction the jurisdiction whose placement labels the node carries, or null
   * @param inJurisdiction whether that is the tenant's own jurisdiction
   */
  public record PodEvidence(
      String name,
      String nodeName,
      Map<String, String> nodeLabels,
      String phase,
      String nodeJurisdiction,
      boolean inJurisdiction) {

    public PodEvidence {
      nodeLabels = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(nodeLabels));
    }
  }
}
