package dev.enclave.core.observed;

import java.time.Instant;
import java.util.List;

/**
 * What was observed on live host clusters, as opposed to declared in Git: where each tenant's pods
 * and volumes actually are, who can read its host namespace, and what drifted. The evidence report
 * shows it beside the declarations; without a cluster there are no observations.
 *
 * @param observedAt when the observation was made
 * @param source the kubeconfig context (or "in-cluster") the observation came from
 * @param gaps one line per thing that could not be read (e.g. a 403 on PersistentVolumes), so the
 *     report can say which evidence is missing rather than imply there is none
 * @param shreddedBackupKeys backup keys of deleted tenants destroyed once their backups expired
 * @param migrations tenant clusters moved onto the host from another, as their records say
 */
public record Observations(
    Instant observedAt,
    String source,
    List<ObservedTenant> tenants,
    List<DriftFinding> drift,
    List<String> gaps,
    List<ShreddedBackupKey> shreddedBackupKeys,
    List<MigratedTenant> migrations) {

  public Observations {
    tenants = List.copyOf(tenants);
    drift = List.copyOf(drift);
    gaps = gaps == null ? List.of() : List.copyOf(gaps);
    shreddedBackupKeys = shreddedBackupKeys == null ? List.of() : List.copyOf(shreddedBackupKeys);
    migrations = migrations == null ? List.of() : List.copyOf(migrations);
  }

  /** Observations with no migration record seen. */
  public Observations(
      Instant observedAt, String source, List<ObservedTenant> tenants, List<DriftFinding> drift, List<String> gaps,
      List<ShreddedBackupKey> shreddedBackupKeys) {
    this(observedAt, source, tenants, drift, gaps, shreddedBackupKeys, List.of());
  }

  /** Observations with no shredded backup key seen. */
  public Observations(
      Instant observedAt, String source, List<ObservedTenant> tenants, List<DriftFinding> drift, List<String> gaps) {
    this(observedAt, source, tenants, drift, gaps, List.of(), List.of());
  }

  /** Observations with nothing missing. */
  public Observations(
      Instant observedAt, String source, List<ObservedTenant> tenants, List<DriftFinding> drift) {
    this(observedAt, source, tenants, drift, List.of());
  }
}
