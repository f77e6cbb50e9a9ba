package dev.enclave.core.evidence.html;

import dev.enclave.core.evidence.Evidence;

/**
 * {@code index.html}: one self-contained page (inline CSS and SVG, no script) for an auditor who
 * has never seen Kubernetes: summary, glossary, diagram, jurisdictions and tenant clusters,
 * controls, violations and drift, Git history.
 */
public final class HtmlReport {
  private HtmlReport() {}

  public static String render(Evidence evidence) {
    StringBuilder out = new StringBuilder(64 * 1024);
    out.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>Sovereignty evidence report</title>\n<style>\n")
        .append(Styles.CSS)
        .append("</style>\n</head>\n<body>\n<main>\n");
    SummarySection.write(out, evidence);
    GlossarySection.write(out);
    DiagramSection.write(out, evidence);
    JurisdictionSection.write(out, evidence);
    ControlsSection.write(out, evidence);
    FindingsSection.write(out, evidence);
    HistorySection.write(out, evidence);
    out.append("</main>\n</body>\n</html>\n");
    return out.toString();
  }
}
