package dev.enclave.core.evidence.html;

import dev.enclave.core.evidence.Evidence;
import dev.enclave.core.evidence.GrantEvidence;
import dev.enclave.core.evidence.JurisdictionEvidence;
import dev.enclave.core.evidence.ProvenanceEvidence;
import dev.enclave.core.evidence.TenantEvidence;
import dev.enclave.core.gitops.Commit;
import dev.enclave.core.model.SourceLocation;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Git history: who changed each declaration, when and why. */
final class HistorySection {
  private HistorySection() {}

  static void write(StringBuilder out, Evidence e) {
    ProvenanceEvidence p = e.provenance();
    out.append("<section id=\"history\">\n<h2>Git history: who decided what, and when</h2>\n");
    if (!p.underVersionControl()) {
      out.append("<p>The configuration is ")
          .append(Html.esc(p.note()))
          .append(": no history is available.</p>\n</section>\n");
      return;
    }
    out.append("<p>The configuration is kept in Git (directory <code>")
        .append(Html.esc(p.pathInRepository().isEmpty() ? "." : p.pathInRepository()))
        .append("</code>, commit <code>")
        .append(Html.orNone(p.head()))
        .append("</code>")
        .append(p.branch() == null ? "" : " on branch <code>" + Html.esc(p.branch()) + "</code>")
        .append("). Below, the ")
        .append(Html.esc(p.note()))
        .append(".</p>\n");
    Set<String> seen = new TreeSet<>();
    for (JurisdictionEvidence j : e.jurisdictions()) {
      file(out, "Jurisdiction " + j.name(), j.source(), j.history(), seen);
      j.dataStores()
          .forEach(d -> file(out, "Data store " + d.name(), d.source(), d.history(), seen));
      for (TenantEvidence t : j.tenants()) {
        file(out, "Tenant cluster " + t.name(), t.source(), t.history(), seen);
        for (GrantEvidence g : t.accessGrants()) {
          file(out, "Access grant " + g.name(), g.source(), g.history(), seen);
        }
      }
    }
    out.append("</section>\n");
  }

  private static void file(
      StringBuilder out,
      String object,
      SourceLocation source,
      List<Commit> history,
      Set<String> seen) {
    if (source == null || !seen.add(source.file() + "|" + object)) {
      return;
    }
    if (history.isEmpty()) {
      out.append("<p>")
          .append(Html.esc(object))
          .append(" (")
          .append(Html.esc(source.file()))
          .append("): not committed yet.</p>\n");
      return;
    }
    List<List<String>> rows = new ArrayList<>();
    for (Commit c : history) {
      rows.add(
          List.of(
              Html.esc(c.date()), Html.esc(c.author()), Html.code(c.id()), Html.esc(c.message())));
    }
    Html.table(
        out, object + " — " + source.file(), List.of("Date", "Author", "Commit", "Why"), rows);
  }
}
