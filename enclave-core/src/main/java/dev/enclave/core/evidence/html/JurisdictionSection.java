package dev.enclave.core.evidence.html;

import dev.enclave.core.evidence.Evidence;
import dev.enclave.core.evidence.JurisdictionEvidence;
import dev.enclave.core.evidence.TenantEvidence;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Per jurisdiction: what it allows, its shared data stores, then each of its tenant clusters. */
final class JurisdictionSection {
  private JurisdictionSection() {}

  static void write(StringBuilder out, Evidence e) {
    for (JurisdictionEvidence j : e.jurisdictions()) {
      String title = j.displayName() == null ? j.name() : j.displayName() + " (" + j.name() + ")";
      out.append("<section id=\"")
          .append(Html.id("j", j.name()))
          .append("\">\n<h2>Jurisdiction: ")
          .append(Html.esc(title))
          .append("</h2>\n");
      if (!j.declared()) {
        out.append(
            "<p class=\"crossing-text\">No file declares this jurisdiction, yet tenant"
                + " clusters name it: nothing limits where they run.</p>\n");
      }
      Html.facts(out, "What jurisdiction " + j.name() + " allows", facts(j));
      if (!j.dataStores().isEmpty()) {
        List<List<String>> rows = new ArrayList<>();
        j.dataStores()
            .forEach(
                d ->
                    rows.add(
                        List.of(
                            Html.esc(d.name()),
                            Html.orNone(d.driver()),
                            Html.list(d.endpoints()),
                            Html.orNone(d.storageClass()),
                            Html.esc(d.source()))));
        Html.table(
            out,
            "Shared data stores in " + j.name(),
            List.of("Name", "Driver", "Endpoints", "Storage class", "Declared in"),
            rows);
      }
      for (TenantEvidence t : j.tenants()) {
        TenantSection.write(out, t, e.generatedAt());
      }
      if (j.tenants().isEmpty()) {
        out.append("<p>No tenant clusters in this jurisdiction.</p>\n");
      }
      out.append("</section>\n");
    }
  }

  private static List<List<String>> facts(JurisdictionEvidence j) {
    return List.of(
        List.of("Regulations declared", Html.list(j.frameworks())),
        List.of("Host cluster", Html.esc(j.hostCluster())),
        List.of("Machines allowed (placement)", labels(j.placement())),
        List.of("Storage classes allowed", Html.list(j.storageClasses())),
        List.of(
            "Audit sinks allowed",
            j.auditSinks().isEmpty()
                ? Html.list(List.of())
                : j.auditSinks().stream()
                    .map(s -> Html.esc(s.name()) + " " + Html.code(s.url()))
                    .collect(Collectors.joining("<br>"))),
        List.of("Key management (KMS)", Html.code(j.kmsEndpoint())),
        List.of(
            "Backup targets allowed",
            j.backupTargets().isEmpty()
                ? Html.list(List.of())
                : j.backupTargets().stream()
                    .map(
                        b ->
                            Html.esc(b.name())
                                + ": "
                                + Html.code(b.endpoint())
                                + ", bucket "
                                + Html.esc(b.bucket())
                                + ", region "
                                + Html.orNone(b.region()))
                    .collect(Collectors.joining("<br>"))),
        List.of("Image registries", Html.list(j.registries())),
        List.of(
            "Kubernetes versions allowed",
            Html.list(j.kubernetesVersionsAllowed())
                + (j.kubernetesVersionsHeld().isEmpty()
                    ? ""
                    : "; held back: " + Html.list(j.kubernetesVersionsHeld()))),
        List.of("Admin groups", Html.list(j.adminGroups())),
        List.of("Declared in", Html.orNone(j.source())));
  }

  static String labels(Map<String, String> labels) {
    if (labels.isEmpty()) {
      return "<span class=\"crossing-text\">no placement declared</span>";
    }
    return "nodes labelled "
        + labels.entrySet().stream()
            .map(x -> Html.code(x.getKey() + "=" + x.getValue()))
            .collect(Collectors.joining(" and "));
  }
}
