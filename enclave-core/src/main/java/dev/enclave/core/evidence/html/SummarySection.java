package dev.enclave.core.evidence.html;

import dev.enclave.core.evidence.Evidence;
import dev.enclave.core.evidence.JurisdictionEvidence;
import dev.enclave.core.evidence.Summary;
import java.util.List;
import java.util.stream.Collectors;

/** The title, the verdict and a plain-language summary of the numbers. */
final class SummarySection {
  private SummarySection() {}

  static void write(StringBuilder out, Evidence e) {
    Summary s = e.summary();
    out.append("<header>\n<h1>Sovereignty evidence report</h1>\n<p class=\"meta\">Generated ")
        .append(Html.esc(e.generatedAt()))
        .append(" from <code>")
        .append(Html.esc(e.source()))
        .append("</code>. ");
    if (e.observation() == null) {
      out.append(
          "Declared facts only: this report was made from the configuration in Git,"
              + " without asking the running clusters.");
    } else {
      out.append("Declared facts, plus facts observed on the running clusters at ")
          .append(Html.esc(e.observation().observedAt()))
          .append(" (context <code>")
          .append(Html.esc(e.observation().source()))
          .append("</code>).");
      if (!e.observation().gaps().isEmpty()) {
        out.append(" Some evidence could not be read: ")
            .append(Html.esc(String.join("; ", e.observation().gaps())))
            .append('.');
      }
      for (var key : e.observation().shreddedBackupKeys()) {
        out.append(" Backup key <code>")
            .append(Html.esc(key.keyId()))
            .append("</code> of deleted TenantCluster ")
            .append(Html.esc(key.tenantNamespace() + "/" + key.tenantName() + " (uid " + key.tenantUid() + ")"))
            .append(" in Jurisdiction ")
            .append(Html.esc(key.jurisdiction()))
            .append(" destroyed at ")
            .append(Html.esc(String.valueOf(key.shreddedAt())))
            .append(" (crypto-shredding: its backups are unreadable).");
      }
      for (var moved : e.observation().migrations()) {
        out.append(" TenantCluster ")
            .append(Html.esc(moved.tenantNamespace() + "/" + moved.tenantName()))
            .append(" was moved here from host ")
            .append(Html.esc(moved.fromHost() + " (" + moved.fromServer() + ", uid " + moved.sourceUid() + ")"))
            .append(" at ")
            .append(Html.esc(String.valueOf(moved.completedAt())))
            .append(" after verified backup <code>")
            .append(Html.esc(moved.backupId()))
            .append("</code>; objects of it left on that host when the move checked: ")
            .append(moved.sourceObjectsLeft())
            .append('.');
      }
    }
    out.append(" Evidence format version ").append(e.schemaVersion()).append(".</p>\n</header>\n");
    out.append("<section id=\"summary\">\n<h2>Summary</h2>\n");
    boolean pass = s.passes();
    out.append("<div class=\"verdict ")
        .append(pass ? "pass" : "fail")
        .append("\" role=\"status\">")
        .append("<strong>")
        .append(pass ? "All controls pass." : "Some controls fail.")
        .append("</strong> ")
        .append(s.controlsPassing())
        .append(" control(s) pass, ")
        .append(s.controlsFailing())
        .append(" fail, ")
        .append(s.controlsNotApplicable())
        .append(" do not apply.");
    failing(out, e);
    out.append("</div>\n");
    out.append("<p class=\"lead\">").append(Html.esc(lead(e))).append("</p>\n");
    out.append("<p>");
    if (s.boundaryCrossed()) {
      out.append("<span class=\"crossing-text\">Something crosses a jurisdiction boundary: ")
          .append(s.crossings())
          .append(
              " crossing(s), drawn in red in the diagram and listed"
                  + " under each tenant cluster.</span>");
    } else {
      out.append(
          "Nothing crosses a jurisdiction boundary: every tenant cluster's state, backups,"
              + " audit log and keys stay in its own jurisdiction"
              + (s.observed()
                  ? ", and every observed program runs on its jurisdiction's machines."
                  : " as declared."));
    }
    out.append(" ")
        .append(s.violations())
        .append(" rule violation(s) and ")
        .append(s.driftFindings())
        .append(" drift finding(s) were found.</p>\n");
    Html.facts(
        out,
        "The report in numbers",
        List.of(
            List.of("Jurisdictions", String.valueOf(s.jurisdictions())),
            List.of("Tenant clusters", String.valueOf(s.tenantClusters())),
            List.of("Access grants", String.valueOf(s.accessGrants())),
            List.of(
                "Controls passing / failing / not applicable",
                s.controlsPassing()
                    + " / "
                    + s.controlsFailing()
                    + " / "
                    + s.controlsNotApplicable()),
            List.of("Rule violations", String.valueOf(s.violations())),
            List.of(
                "Drift findings (observed differs from declared)",
                s.observed() ? String.valueOf(s.driftFindings()) : "not observed (offline report)"),
            List.of("Boundary crossings", String.valueOf(s.crossings()))));
    nav(out, e);
    out.append("</section>\n");
  }

  private static void failing(StringBuilder out, Evidence e) {
    List<String> links = new java.util.ArrayList<>();
    for (JurisdictionEvidence j : e.jurisdictions()) {
      j.controls().stream()
          .filter(c -> c.status() == dev.enclave.core.evidence.controls.ControlStatus.FAIL)
          .forEach(
              c ->
                  links.add(
                      "<a href=\"#"
                          + Html.id("c", j.name(), c.id())
                          + "\">"
                          + Html.esc(c.id())
                          + " ("
                          + Html.esc(j.name())
                          + ")</a>"));
    }
    if (!links.isEmpty()) {
      out.append(" Failing: ").append(String.join(", ", links)).append('.');
    }
  }

  private static String lead(Evidence e) {
    Summary s = e.summary();
    String names =
        e.jurisdictions().stream()
            .filter(JurisdictionEvidence::declared)
            .map(
                j ->
                    (j.displayName() == null ? j.name() : j.displayName())
                        + " ("
                        + j.tenants().size()
                        + " tenant cluster"
                        + (j.tenants().size() == 1 ? "" : "s")
                        + ")")
            .collect(Collectors.joining(", "));
    return "This platform serves "
        + s.jurisdictions()
        + " jurisdiction(s): "
        + names
        + ". "
        + "Each customer gets its own tenant cluster, whose management programs run only on"
        + " machines of the customer's jurisdiction. The report lists, for every tenant cluster,"
        + " where it runs, where its data, backups, keys and logs are kept, who can get in, and"
        + " how this maps to the regulations each jurisdiction declares.";
  }

  private static void nav(StringBuilder out, Evidence e) {
    out.append("<nav aria-label=\"Contents\"><h3>Contents</h3><ol>\n")
        .append("<li><a href=\"#glossary\">Terms used</a></li>\n")
        .append("<li><a href=\"#diagram\">Diagram</a></li>\n");
    for (JurisdictionEvidence j : e.jurisdictions()) {
      out.append("<li><a href=\"#")
          .append(Html.id("j", j.name()))
          .append("\">Jurisdiction ")
          .append(Html.esc(j.name()))
          .append("</a></li>\n");
    }
    out.append("<li><a href=\"#controls\">Control mapping</a></li>\n")
        .append("<li><a href=\"#findings\">Violations and drift</a></li>\n")
        .append("<li><a href=\"#history\">Git history</a></li>\n</ol></nav>\n");
  }
}
