package dev.enclave.core.evidence;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.enclave.core.observed.DriftFinding;
import java.time.Instant;
import java.util.List;

/**
 * The evidence report of one platform: what is declared in Git, what was observed live (when a
 * cluster was asked), how each jurisdiction's frameworks map to controls, and the history behind
 * it. Rendered as {@code evidence.json} and {@code index.html}; the schema is
 * docs/evidence.schema.json.
 *
 * @param observation when and where the live observation was made, or null for a declared-only
 *     report
 */
@JsonPropertyOrder({"schemaVersion", "generatedAt", "source"})
public record Evidence(
    int schemaVersion,
    Instant generatedAt,
    String source,
    ObservationInfo observation,
    Summary summary,
    List<JurisdictionEvidence> jurisdictions,
    List<Crossing> crossings,
    List<ViolationEvidence> violations,
    List<DriftFinding> drift,
    ProvenanceEvidence provenance) {

  /** Version of the evidence.json layout; raised on any incompatible change. */
  public static final int SCHEMA_VERSION = 1;

  public Evidence {
    jurisdictions = List.copyOf(jurisdictions);
    crossings = List.copyOf(crossings);
    violations = List.copyOf(violations);
    drift = List.copyOf(drift);
  }

  /** Every tenant cluster of every jurisdiction, in report order. */
  public List<TenantEvidence> tenants() {
    return jurisdictions.stream().flatMap(j -> j.tenants().stream()).toList();
  }

  /**
   * Live observation: when, from which kubeconfig context, and what could not be read.
   *
   * @param gaps one line per thing the collector could not read, e.g. a forbidden resource
   */
  public record ObservationInfo(
      Instant observedAt,
      String source,
      List<String> gaps,
      @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_EMPTY)
          List<dev.enclave.core.observed.ShreddedBackupKey> shreddedBackupKeys,
      @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_EMPTY)
          List<dev.enclave.core.observed.MigratedTenant> migrations) {

    public ObservationInfo {
      gaps = gaps == null ? List.of() : List.copyOf(gaps);
      shreddedBackupKeys = shreddedBackupKeys == null ? List.of() : List.copyOf(shreddedBackupKeys);
      migrations = migrations == null ? List.of() : List.copyOf(migrations);
    }

    public ObservationInfo(Instant observedAt, String source, List<String> gaps) {
      this(observedAt, source, gaps, List.of(), List.of());
    }
  }
}
