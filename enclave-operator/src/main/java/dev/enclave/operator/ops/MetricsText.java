package dev.enclave.operator.ops;

import java.util.Map;

/** Renders the operator's metrics in the Prometheus text exposition format (version 0.0.4). */
public final class MetricsText {
  public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final ReconcileMetrics reconciles;
  private final TenantCensus census;
  private final DriftMetrics drift;

  public MetricsText(ReconcileMetrics reconciles, TenantCensus census, DriftMetrics drift) {
    this.reconciles = reconciles;
    this.census = census;
    this.drift = drift;
  }

  public String render() {
    StringBuilder out = new StringBuilder();
    Map<String, ReconcileMetrics.Totals> controllers = reconciles.snapshot();
    header(out, "enclave_reconciles_total", "counter", "Reconciles and cleanups run.");
    controllers.forEach(
        (c, t) -> sample(out, "enclave_reconciles_total", "controller", c, t.executions.get()));
    header(out, "enclave_reconcile_errors_total", "counter", "Reconciles that threw.");
    controllers.forEach(
        (c, t) -> sample(out, "enclave_reconcile_errors_total", "controller", c, t.errors.get()));
    header(out, "enclave_reconcile_duration_seconds", "histogram", "Time spent per reconcile.");
    controllers.forEach((c, t) -> histogram(out, c, t));
    gauge(out, "enclave_tenants", "phase", "TenantClusters by phase.", census.tenantsByPhase());
    gauge(
        out,
        "enclave_tenants_by_jurisdiction",
        "jurisdiction",
        "TenantClusters by jurisdiction.",
        census.tenantsByJurisdiction());
    gauge(
        out,
        "enclave_violations",
        "kind",
        "Compliance violations reported in status.",
        census.violationsByKind());
    header(out, "enclave_drift_findings", "gauge", "Drift findings outstanding per tenant.");
    drift.findings().forEach((s, n) -> driftSample(out, "enclave_drift_findings", s, n));
    header(
        out,
        "enclave_drift_detections_total",
        "counter",
        "New drift findings detected (each raised a DriftDetected event).");
    drift.detections().forEach((s, n) -> driftSample(out, "enclave_drift_detections_total", s, n));
    return out.toString();
  }

  private static void driftSample(
      StringBuilder out, String name, DriftMetrics.Series series, long value) {
    out.append(name)
        .append("{jurisdiction=\"")
        .append(escape(series.jurisdiction()))
        .append("\",tenant=\"")
        .append(escape(series.tenant()))
        .append("\"} ")
        .append(value)
        .append('\n');
  }

  private static void histogram(StringBuilder out, String controller, ReconcileMetrics.Totals t) {
    String name = "enclave_reconcile_duration_seconds";
    for (int i = 0; i < ReconcileMetrics.BUCKETS.length; i++) {
      out.append(name)
          .append("_bucket{controller=\"")
          .append(escape(controller))
          .append("\",le=\"")
          .append(ReconcileMetrics.BUCKETS[i])
          .append("\"} ")
          .append(t.buckets[i].get())
          .append('\n');
    }
    out.append(name)
        .append("_bucket{controller=\"")
        .append(escape(controller))
        .append("\",le=\"+Inf\"} ")
        .append(t.executions.get())
        .append('\n');
    sample(out, name + "_sum", "controller", controller, t.seconds.sum());
    sample(out, name + "_count", "controller", controller, t.executions.get());
  }

  private static void gauge(
      StringBuilder out, String name, String label, String help, Map<String, Long> values) {
    header(out, name, "gauge", help);
    values.forEach((value, count) -> sample(out, name, label, value, count));
  }

  private static void header(StringBuilder out, String name, String type, String help) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n');
    out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
  }

  private static void sample(StringBuilder out, String name, String label, String value, Number n) {
    out.append(name)
        .append('{')
        .append(label)
        .append("=\"")
        .append(escape(value))
        .append("\"} ")
        .append(n)
        .append('\n');
  }

  private static String escape(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }
}
