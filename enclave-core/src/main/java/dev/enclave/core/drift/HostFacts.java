package dev.enclave.core.drift;

import dev.enclave.api.v1alpha1.S3Location;
import dev.enclave.core.observed.ObservedPod;
import dev.enclave.core.observed.ObservedVolume;
import java.util.List;

/**
 * What drift detection looks at in one tenant's host namespace.
 *
 * @param auditWebhookUrl the server of the rendered audit webhook ConfigMap, or null when absent
 * @param backupDestination where backups are actually written, or null when not observable
 */
public record HostFacts(
    List<ObservedPod> pods,
    List<ObservedVolume> volumes,
    String auditWebhookUrl,
    S3Location backupDestination) {

  public HostFacts {
    pods = List.copyOf(pods);
    volumes = List.copyOf(volumes);
  }

  /** Nothing observed: no pods, no volumes, no destinations. */
  public static HostFacts none() {
    return new HostFacts(List.of(), List.of(), null, null);
  }
}
