package dev.enclave.core.evidence.html;

import dev.enclave.core.evidence.Crossing;
import dev.enclave.core.evidence.Evidence;
import dev.enclave.core.evidence.html.DiagramLayout.Band;
import dev.enclave.core.evidence.html.DiagramLayout.Box;
import dev.enclave.core.evidence.html.DiagramLayout.Edge;

/** The diagram as inline SVG, with a legend and the crossings repeated as text. */
final class DiagramSection {
  static final String RED = "#c62828";
  private static final String[] HEADINGS = {
    "Jurisdictions", "Host clusters", "Tenant clusters", "Nodes, stores, sinks, backups reached"
  };

  private DiagramSection() {}

  static void write(StringBuilder out, Evidence e) {
    DiagramLayout layout = DiagramLayout.of(e);
    out.append("<section id=\"diagram\">\n<h2>Where everything is: diagram</h2>\n")
        .append(
            "<p>Each shaded band is one jurisdiction. Read from left to right: a jurisdiction is"
                + " served by a host cluster, which runs the tenant clusters' control planes; each"
                + " tenant cluster reaches machines (nodes), a data store, an audit sink and a"
                + " backup target. A grey line stays inside the jurisdiction; a <span"
                + " class=\"crossing-text\">red line</span> crosses a jurisdiction"
                + " boundary.</p>\n");
    out.append("<figure>\n<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" ")
        .append("aria-labelledby=\"diagram-title diagram-desc\" viewBox=\"0 0 ")
        .append(DiagramLayout.WIDTH)
        .append(' ')
        .append(layout.height)
        .append("\" width=\"")
        .append(DiagramLayout.WIDTH)
        .append("\" height=\"")
        .append(layout.height)
        .append("\" font-family=\"system-ui, Arial, sans-serif\" font-size=\"12\">\n")
        .append(
            "<title id=\"diagram-title\">Jurisdictions, host clusters, tenant clusters and"
                + " what they reach</title>\n<desc id=\"diagram-desc\">")
        .append(Html.esc(description(e)))
        .append("</desc>\n");
    legend(out);
    for (int c = 0; c < HEADINGS.length; c++) {
      out.append("<text x=\"")
          .append(DiagramLayout.X[c])
          .append("\" y=\"48\" font-weight=\"700\">")
          .append(Html.esc(HEADINGS[c]))
          .append("</text>\n");
    }
    for (Band b : layout.bands) {
      boolean nowhere = b.jurisdiction().isEmpty();
      out.append("<g class=\"band\"><rect x=\"4\" y=\"")
          .append(b.y())
          .append("\" width=\"")
          .append(DiagramLayout.WIDTH - 8)
          .append("\" height=\"")
          .append(b.height())
          .append("\" rx=\"6\" fill=\"")
          .append(nowhere ? "#fdecea" : "#f3f6fa")
          .append("\" stroke=\"")
          .append(nowhere ? RED : "#9aa7b5")
          .append("\"/>")
          .append("<text x=\"12\" y=\"")
          .append(b.y() + 17)
          .append("\" font-weight=\"700\"")
          .append(nowhere ? " fill=\"" + RED + "\"" : "")
          .append(">")
          .append(Html.esc(b.title()))
          .append("</text></g>\n");
    }
    layout.edges.stream().filter(x -> !x.red()).forEach(x -> edge(out, x));
    layout.boxes.forEach(b -> box(out, b));
    layout.edges.stream().filter(Edge::red).forEach(x -> edge(out, x));
    out.append(
        "</svg>\n<figcaption>Diagram generated from the evidence; the same facts are in"
            + " the tables below.</figcaption>\n</figure>\n");
    crossings(out, e);
    out.append("</section>\n");
  }

  private static void legend(StringBuilder out) {
    out.append(
            "<g class=\"legend\"><line x1=\"16\" y1=\"16\" x2=\"56\" y2=\"16\" stroke=\"#8a8a8a\""
                + " stroke-width=\"1.5\"/><text x=\"62\" y=\"20\">stays inside its"
                + " jurisdiction</text>")
        .append("<line class=\"crossing\" x1=\"260\" y1=\"16\" x2=\"300\" y2=\"16\" stroke=\"")
        .append(RED)
        .append("\" stroke-width=\"3\" stroke-dasharray=\"6 3\"/>")
        .append("<text x=\"306\" y=\"20\" fill=\"")
        .append(RED)
        .append("\">crosses a jurisdiction boundary</text></g>\n");
  }

  private static void box(StringBuilder out, Box b) {
    int w = DiagramLayout.W[b.column()];
    String stroke = b.red() ? RED : "#44546a";
    out.append("<g")
        .append(b.red() ? " class=\"crossing\"" : "")
        .append("><rect x=\"")
        .append(b.x())
        .append("\" y=\"")
        .append(b.y())
        .append("\" width=\"")
        .append(w)
        .append("\" height=\"")
        .append(DiagramLayout.BOX_H)
        .append("\" rx=\"4\" fill=\"#fff\"")
        .append(" stroke=\"")
        .append(stroke)
        .append("\" stroke-width=\"")
        .append(b.red() ? 2.5 : 1)
        .append("\"/><text x=\"")
        .append(b.x() + 6)
        .append("\" y=\"")
        .append(b.y() + 12)
        .append("\" font-weight=\"600\"")
        .append(b.red() ? " fill=\"" + RED + "\"" : "")
        .append(">")
        .append(Html.esc(clip(b.label(), w)))
        .append("</text><text x=\"")
        .append(b.x() + 6)
        .append("\" y=\"")
        .append(b.y() + 24)
        .append("\" font-size=\"10\" fill=\"#555\">")
        .append(Html.esc(clip(b.sublabel(), w)))
        .append("</text><title>")
        .append(Html.esc(b.label() + " — " + b.sublabel()))
        .append("</title></g>\n");
  }

  private static void edge(StringBuilder out, Edge e) {
    int x1 = e.from().x() + DiagramLayout.W[e.from().column()];
    int y1 = e.from().midY();
    int x2 = e.to().x();
    int y2 = e.to().midY();
    int mid = (x1 + x2) / 2;
    out.append("<path")
        .append(e.red() ? " class=\"crossing\"" : "")
        .append(" d=\"M")
        .append(x1)
        .append(' ')
        .append(y1)
        .append(" C")
        .append(mid)
        .append(' ')
        .append(y1)
        .append(' ')
        .append(mid)
        .append(' ')
        .append(y2)
        .append(' ')
        .append(x2)
        .append(' ')
        .append(y2)
        .append("\" fill=\"none\" stroke=\"")
        .append(e.red() ? RED : "#8a8a8a")
        .append("\" stroke-width=\"")
        .append(e.red() ? 3 : 1.2)
        .append('"')
        .append(e.red() ? " stroke-dasharray=\"6 3\"" : "")
        .append("><title>")
        .append(Html.esc(e.title()))
        .append("</title></path>\n");
  }

  private static String clip(String text, int width) {
    int max = width / 7;
    return text.length() <= max ? text : text.substring(0, max - 1) + "…";
  }

  private static String description(Evidence e) {
    if (e.crossings().isEmpty()) {
      return "No line crosses a jurisdiction boundary.";
    }
    StringBuilder s = new StringBuilder("Crossing a jurisdiction boundary (red): ");
    for (Crossing c : e.crossings()) {
      s.append(c.tenantName()).append(": ").append(c.message()).append(". ");
    }
    return s.toString().trim();
  }

  private static void crossings(StringBuilder out, Evidence e) {
    if (e.crossings().isEmpty()) {
      out.append("<p>No boundary crossings.</p>\n");
      return;
    }
    out.append("<h3 class=\"crossing-text\">Boundary crossings</h3>\n<ul class=\"crossings\">\n");
    for (Crossing c : e.crossings()) {
      out.append("<li class=\"crossing-text\">Tenant cluster ")
          .append(Html.esc(c.tenantName()))
          .append(" (")
          .append(Html.esc(c.jurisdiction()))
          .append("): <code>")
          .append(Html.esc(c.fieldPath()))
          .append("</code>: ")
          .append(Html.esc(c.message()))
          .append("</li>\n");
    }
    out.append("</ul>\n");
  }
}
