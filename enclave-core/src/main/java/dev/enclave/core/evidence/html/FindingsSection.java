package dev.enclave.core.evidence.html;

import dev.enclave.core.evidence.Evidence;
import dev.enclave.core.evidence.ViolationEvidence;
import dev.enclave.core.observed.DriftFinding;
import java.util.ArrayList;
import java.util.List;

/** Every rule violation (object, field path, file and line) and every drift finding. */
final class FindingsSection {
  private FindingsSection() {}

  static void write(StringBuilder out, Evidence e) {
    out.append("<section id=\"findings\">\n<h2>Violations and drift</h2>\n");
    if (e.violations().isEmpty()) {
      out.append("<p>No rule violations: every declaration satisfies the compliance rules.</p>\n");
    } else {
      List<List<String>> rows = new ArrayList<>();
      for (ViolationEvidence v : e.violations()) {
        rows.add(
            List.of(
                Html.orNone(v.location()),
                Html.esc(v.object()),
                Html.code(v.fieldPath()),
                Html.esc(v.message())));
      }
      Html.table(
          out,
          "Rule violations (" + rows.size() + ")",
          List.of("File:line", "Object", "Field", "What is wrong"),
          rows);
    }
    if (e.observation() == null) {
      out.append(
          "<p>Drift (differences between what is declared and what runs) was not"
              + " checked: this report was made offline.</p>\n");
    } else if (e.drift().isEmpty()) {
      out.append("<p>No drift: what runs matches what is declared.</p>\n");
    } else {
      List<List<String>> rows = new ArrayList<>();
      for (DriftFinding d : e.drift()) {
        rows.add(
            List.of(
                Html.esc(d.tenantNamespace() + "/" + d.tenantName()),
                Html.esc(d.object()),
                Html.code(d.field()),
                Html.esc(d.message())));
      }
      Html.table(
          out,
          "Drift findings (" + rows.size() + ")",
          List.of("Tenant cluster", "Host object", "Field", "What was found"),
          rows);
    }
    out.append("</section>\n");
  }
}
