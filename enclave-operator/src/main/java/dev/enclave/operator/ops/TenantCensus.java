package dev.enclave.operator.ops;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The last known phase, jurisdiction and violation count of every object the operator reconciled,
 * kept so metrics are read without touching any cache or server.
 */
public final class TenantCensus {
  /** One tenant's entry. */
  public record Entry(String kind, String phase, String jurisdiction, int violations) {}

  private final Map<String, Entry> entries = new ConcurrentHashMap<>();

  public void record(String kind, String id, String phase, String jurisdiction, int violations) {
    entries.put(kind + " " + id, new Entry(kind, phase, jurisdiction, violations));
  }

  public void forget(String kind, String id) {
    entries.remove(kind + " " + id);
  }

  /** TenantClusters counted by phase, sorted by phase. */
  public Map<String, Long> tenantsByPhase() {
    return count("TenantCluster", Entry::phase);
  }

  public Map<String, Long> tenantsByJurisdiction() {
    return count("TenantCluster", Entry::jurisdiction);
  }

  /** Violations currently reported in status, summed per kind. */
  public Map<String, Long> violationsByKind() {
    Map<String, Long> sums = new TreeMap<>();
    entries.values().forEach(e -> sums.merge(e.kind(), (long) e.violations(), Long::sum));
    return sums;
  }

  private Map<String, Long> count(String kind, java.util.function.Function<Entry, String> key) {
    Map<String, Long> counts = new TreeMap<>();
    entries.values().stream()
        .filter(e -> e.kind().equals(kind))
        .forEach(e -> counts.merge(String.valueOf(key.apply(e)), 1L, Long::sum));
    return counts;
  }
}
