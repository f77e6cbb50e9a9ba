package dev.enclave.core.evidence;

import dev.enclave.core.gitops.Commit;
import dev.enclave.core.model.SourceLocation;
import dev.enclave.core.observed.DriftFinding;
import dev.enclave.core.observed.ObservedAuditLog;
import java.util.List;
import java.util.Map;

/**
 * One tenant cluster: where its control plane may run, where its state, backups, keys and audit log
 * go, who can get in, and what is wrong with it.
 *
 * @param placement the declared constraint: node labels every pod must carry (the jurisdiction's)
 * @param observed what a live cluster showed, or null for a declared-only report
 */
public record TenantEvidence(
    String namespace,
    String name,
    String jurisdiction,
    String kubernetesVersion,
    int controlPlaneReplicas,
    Map<String, String> placement,
    StoreEvidence dataStore,
    BackupEvidence backup,
    AuditEvidence audit,
    String kmsEndpoint,
    String policyEngine,
    List<String> policyBundles,
    List<GrantEvidence> accessGrants,
    List<ViolationEvidence> violations,
    List<DriftFinding> drift,
    ObservedEvidence observed,
    SourceLocation source,
    List<Commit> history) {

  public TenantEvidence {
    placement = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(placement));
    policyBundles = List.copyOf(policyBundles);
    accessGrants = List.copyOf(accessGrants);
    violations = List.copyOf(violations);
    drift = List.copyOf(drift);
    history = List.copyOf(history);
  }

  /** {@code namespace/name}. */
  public String qualifiedName() {
    return namespace + "/" + name;
  }

  /**
   * Where the tenant's state lives.
   *
   * @param kind "embedded" (etcd inside the control plane), "shared" (a DataStore) or "none"
   * @param jurisdiction the jurisdiction that declares the store or storage class, or null if none
   */
  public record StoreEvidence(
      String kind,
      String name,
      String driver,
      String storageClass,
      List<String> endpoints,
      String jurisdiction) {

    public StoreEvidence {
      endpoints = List.copyOf(endpoints);
    }
  }

  /**
   * Where and how often the tenant's state is backed up.
   *
   * @param jurisdiction the jurisdiction that declares the target, or null when none does
   * @param retentionDays how far back the kept backups reach (retention × schedule interval), or
   *     null when the schedule is not a simple interval
   * @param lastSuccess when the last backup succeeded (observed), or null when unknown
   */
  public record BackupEvidence(
      String target,
      String endpoint,
      String bucket,
      String region,
      String jurisdiction,
      String schedule,
      Integer retention,
      Double retentionDays,
      java.time.Instant lastSuccess) {}

  /**
   * Where the tenant's audit log goes, and what its sink received.
   *
   * @param jurisdiction the jurisdiction that declares the sink, or null when none does
   * @param received what the sink's directory held for this tenant (observed), or null when the
   *     report was not given {@code --audit-dir}
   */
  public record AuditEvidence(
      String sink, String url, String jurisdiction, ObservedAuditLog received) {}
}
