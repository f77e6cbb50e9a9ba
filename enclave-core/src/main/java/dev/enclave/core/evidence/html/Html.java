package dev.enclave.core.evidence.html;

import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

/** HTML escaping and the few fragments every section uses. Every user value goes through here. */
final class Html {
  private Html() {}

  /** Escapes text for element content and quoted attribute values. */
  static String esc(Object value) {
    if (value == null) {
      return "";
    }
    String s = value.toString();
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /** Escaped text, or a grey "not declared" when the value is missing. */
  static String orNone(Object value) {
    return value == null || value.toString().isEmpty()
        ? "<span class=\"none\">not declared</span>"
        : esc(value);
  }

  static String list(Collection<?> values) {
    return values.isEmpty()
        ? "<span class=\"none\">none</span>"
        : values.stream().map(Html::esc).collect(Collectors.joining(", "));
  }

  static String code(Object value) {
    return value == null ? orNone(null) : "<code>" + esc(value) + "</code>";
  }

  /** A status badge: PASS, FAIL or NOT APPLICABLE, in words and colour. */
  static String badge(String status) {
    String css =
        switch (status) {
          case "PASS" -> "pass";
          case "FAIL" -> "fail";
          default -> "na";
        };
    return "<span class=\"badge " + css + "\">" + esc(status.replace('_', ' ')) + "</span>";
  }

  /** A table with a caption; cells are HTML already escaped by the caller. */
  static void table(
      StringBuilder out, String caption, List<String> headers, List<List<String>> rows) {
    out.append("<table>\n<caption>").append(esc(caption)).append("</caption>\n<thead><tr>");
    headers.forEach(h -> out.append("<th scope=\"col\">").append(esc(h)).append("</th>"));
    out.append("</tr></thead>\n<tbody>\n");
    for (List<String> row : rows) {
      out.append("<tr>");
      row.forEach(cell -> out.append("<td>").append(cell).append("</td>"));
      out.append("</tr>\n");
    }
    out.append("</tbody>\n</table>\n");
  }

  /** A two-column table of facts: label, then value (HTML). */
  static void facts(StringBuilder out, String caption, List<List<String>> rows) {
    out.append("<table class=\"facts\">\n<caption>").append(esc(caption)).append("</caption>\n");
    out.append("<tbody>\n");
    for (List<String> row : rows) {
      out.append("<tr><th scope=\"row\">")
          .append(esc(row.get(0)))
          .append("</th><td>")
          .append(row.get(1))
          .append("</td></tr>\n");
    }
    out.append("</tbody>\n</table>\n");
  }

  static String id(String prefix, String... parts) {
    StringBuilder s = new StringBuilder(prefix);
    for (String p : parts) {
      s.append('-').append(p == null ? "" : p.replaceAll("[^A-Za-z0-9_-]", "_"));
    }
    return s.toString();
  }
}
