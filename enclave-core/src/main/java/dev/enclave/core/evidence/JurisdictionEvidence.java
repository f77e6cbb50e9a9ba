package dev.enclave.core.evidence;

import dev.enclave.core.evidence.controls.ControlResult;
import dev.enclave.core.gitops.Commit;
import dev.enclave.core.model.SourceLocation;
import java.util.List;
import java.util.Map;

/**
 * One jurisdiction: what it allows, the tenant clusters in it and its control mapping.
 *
 * @param declared false for a jurisdiction that tenants name but that no file declares
 * @param hostCluster the host cluster serving it, by the platform's convention {@code host-NAME}
 * @param placement the node labels every pod of the jurisdiction must run on
 */
public record JurisdictionEvidence(
    String name,
    String displayName,
    boolean declared,
    String hostCluster,
    List<String> frameworks,
    Map<String, String> placement,
    List<String> storageClasses,
    List<AuditSinkFact> auditSinks,
    String kmsEndpoint,
    List<BackupTargetFact> backupTargets,
    List<String> registries,
    List<String> kubernetesVersionsAllowed,
    List<String> kubernetesVersionsHeld,
    List<String> adminGroups,
    List<DataStoreFact> dataStores,
    List<TenantEvidence> tenants,
    List<ControlResult> controls,
    SourceLocation source,
    List<Commit> history) {

  public JurisdictionEvidence {
    frameworks = List.copyOf(frameworks);
    placement = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(placement));
    storageClasses = List.copyOf(storageClasses);
    auditSinks = List.copyOf(auditSinks);
    backupTargets = List.copyOf(backupTargets);
    registries = List.copyOf(registries);
    kubernetesVersionsAllowed = List.copyOf(kubernetesVersionsAllowed);
    kubernetesVersionsHeld = List.copyOf(kubernetesVersionsHeld);
    adminGroups = List.copyOf(adminGroups);
    dataStores = List.copyOf(dataStores);
    tenants = List.copyOf(tenants);
    controls = List.copyOf(controls);
    history = List.copyOf(history);
  }

  /** The same jurisdiction with its control mapping. */
  public JurisdictionEvidence withControls(List<ControlResult> results) {
    return new JurisdictionEvidence(
        name,
        displayName,
        declared,
        hostCluster,
        frameworks,
        placement,
        storageClasses,
        auditSinks,
        kmsEndpoint,
        backupTargets,
        registries,
        kubernetesVersionsAllowed,
        kubernetesVersionsHeld,
        adminGroups,
        dataStores,
        tenants,
        results,
        source,
        history);
  }

  /** An audit log destination the jurisdiction allows. */
  public record AuditSinkFact(String name, String url) {}

  /** A backup destination the jurisdiction allows. */
  public record BackupTargetFact(String name, String endpoint, String bucket, String region) {}

  /** A shared data store run in the jurisdiction. */
  public record DataStoreFact(
      String name,
      String driver,
      List<String> endpoints,
      String storageClass,
      SourceLocation source,
      List<Commit> history) {

    public DataStoreFact {
      endpoints = List.copyOf(endpoints);
      history = List.copyOf(history);
    }
  }
}
