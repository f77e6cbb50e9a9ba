package dev.enclave.core.observed;

import java.time.Instant;
import java.util.List;

/**
 * One tenant cluster as observed on its host.
 *
 * @param phase status.phase of the TenantCluster, or null when it is not on the host
 * @param lastSuccessfulBackup when the last backup succeeded, or null when none is known
 */
public record ObservedTenant(
    String namespace,
    String name,
    String hostNamespace,
    String phase,
    List<ObservedPod> pods,
    List<ObservedVolume> volumes,
    List<AccessSubject> readers,
    Instant lastSuccessfulBackup) {

  public ObservedTenant {
    pods = List.copyOf(pods);
    volumes = List.copyOf(volumes);
    readers = List.copyOf(readers);
  }
}
