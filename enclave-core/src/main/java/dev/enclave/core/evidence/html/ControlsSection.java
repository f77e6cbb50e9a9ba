package dev.enclave.core.evidence.html;

import dev.enclave.core.evidence.Evidence;
import dev.enclave.core.evidence.JurisdictionEvidence;
import dev.enclave.core.evidence.controls.ControlResult;

/** The control mapping: per jurisdiction, each control with its status and evidence lines. */
final class ControlsSection {
  private ControlsSection() {}

  static void write(StringBuilder out, Evidence e) {
    out.append(
        "<section id=\"controls\">\n"
            + "<h2>Control mapping</h2>\n"
            + "<p>For each regulation a jurisdiction declares, the controls below say whether the"
            + " evidence satisfies it: PASS, FAIL, or NOT APPLICABLE. Each lists the facts that"
            + " decided it (&#10003; holds, &#10007; does not hold, i: a limit of what this report"
            + " can show).</p>\n");
    for (JurisdictionEvidence j : e.jurisdictions()) {
      if (j.controls().isEmpty()) {
        continue;
      }
      out.append("<h3>")
          .append(Html.esc(j.displayName() == null ? j.name() : j.displayName()))
          .append("</h3>\n<table class=\"controls\">\n<caption>Controls for jurisdiction ")
          .append(Html.esc(j.name()))
          .append(
              "</caption>\n"
                  + "<thead><tr><th scope=\"col\">Control</th><th scope=\"col\">Status</th><th"
                  + " scope=\"col\">Requirement and evidence</th></tr></thead>\n"
                  + "<tbody>\n");
      for (ControlResult c : j.controls()) {
        out.append("<tr id=\"")
            .append(Html.id("c", j.name(), c.id()))
            .append("\" data-status=\"")
            .append(c.status())
            .append("\"><td><strong>")
            .append(Html.esc(c.framework()))
            .append("</strong><br>")
            .append(Html.esc(c.article()))
            .append(": ")
            .append(Html.esc(c.title()))
            .append("<br><code>")
            .append(Html.esc(c.id()))
            .append("</code></td><td>")
            .append(Html.badge(c.status().name()))
            .append("</td><td>")
            .append("<em>")
            .append(Html.esc(c.requirement()))
            .append("</em>")
            .append("<ul class=\"evidence\">");
        for (String line : c.evidence()) {
          int colon = line.indexOf(": ");
          String kind = colon < 0 ? "note" : line.substring(0, colon);
          out.append("<li class=\"")
              .append(Html.esc(kind))
              .append("\">")
              .append(Html.esc(colon < 0 ? line : line.substring(colon + 2)))
              .append("</li>");
        }
        out.append("</ul></td></tr>\n");
      }
      out.append("</tbody>\n</table>\n");
    }
    out.append("</section>\n");
  }
}
