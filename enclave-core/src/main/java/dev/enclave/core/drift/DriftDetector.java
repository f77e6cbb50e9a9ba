package dev.enclave.core.drift;

import dev.enclave.api.v1alpha1.Jurisdiction;
import dev.enclave.api.v1alpha1.TenantCluster;
import dev.enclave.core.observed.DriftFinding;
import java.util.ArrayList;
import java.util.List;

/**
 * Compares what runs on the host for one tenant with what its jurisdiction allows: pod placement,
 * storage classes and volume topology, audit and backup destinations. Pure: no client, no clock.
 */
public final class DriftDetector {
  private DriftDetector() {}

  /** Every finding, pods first, then volumes, then destinations, each in observation order. */
  public static List<DriftFinding> detect(
      TenantCluster tenant, Jurisdiction jurisdiction, HostFacts facts) {
    DriftScope scope = new DriftScope(tenant, jurisdiction);
    List<DriftFinding> findings = new ArrayList<>();
    facts.pods().forEach(pod -> PlacementDrift.check(scope, pod).ifPresent(findings::add));
    facts.volumes().forEach(volume -> findings.addAll(VolumeDrift.check(scope, volume)));
    DestinationDrift.audit(scope, facts.auditWebhookUrl()).ifPresent(findings::add);
    DestinationDrift.backup(scope, facts.backupDestination()).ifPresent(findings::add);
    return List.copyOf(findings);
  }
}
