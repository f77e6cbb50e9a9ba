package dev.enclave.operator.ops;

import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Drift per tenant: the findings outstanding now ({@code enclave_drift_findings}, a gauge) and the
 * new findings detected so far ({@code enclave_drift_detections_total}, a counter), both labelled
 * by jurisdiction and tenant ({@code namespace/name}).
 */
public final class DriftMetrics {
  /** One series' labels. */
  public record Series(String jurisdiction, String tenant) {}

  private final Map<String, Series> series = new ConcurrentHashMap<>();
  private final Map<String, Long> findings = new ConcurrentHashMap<>();
  private final Map<String, Long> detections = new ConcurrentHashMap<>();

  public void findings(String jurisdiction, String tenant, int count) {
    series.put(tenant, new Series(jurisdiction, tenant));
    findings.put(tenant, (long) count);
  }

  public void detected(String jurisdiction, String tenant) {
    series.put(tenant, new Series(jurisdiction, tenant));
    detections.merge(tenant, 1L, Long::sum);
  }

  public void forget(String tenant) {
    series.remove(tenant);
    findings.remove(tenant);
    detections.remove(tenant);
  }

  /** Outstanding findings by series, sorted by tenant. */
  public Map<Series, Long> findings() {
    return snapshot(findings);
  }

  /** Detections so far by series, sorted by tenant. */
  public Map<Series, Long> detections() {
    return snapshot(detections);
  }

  private Map<Series, Long> snapshot(Map<String, Long> values) {
    Map<Series, Long> out =
        new TreeMap<>(Comparator.comparing(Series::tenant).thenComparing(Series::jurisdiction));
    values.forEach(
        (tenant, value) -> {
          Series labels = series.get(tenant);
          if (labels != null) {
            out.put(labels, value);
          }
        });
    return out;
  }
}
