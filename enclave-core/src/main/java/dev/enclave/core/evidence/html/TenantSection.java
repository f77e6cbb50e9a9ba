package dev.enclave.core.evidence.html;

import dev.enclave.core.evidence.GrantEvidence;
import dev.enclave.core.evidence.ObservedEvidence;
import dev.enclave.core.evidence.TenantEvidence;
import dev.enclave.core.evidence.TenantEvidence.BackupEvidence;
import dev.enclave.core.evidence.TenantEvidence.StoreEvidence;
import dev.enclave.core.evidence.ViolationEvidence;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/** One tenant cluster: where it runs, where its data goes, who can get in, what is wrong. */
final class TenantSection {
  private TenantSection() {}

  static void write(StringBuilder out, TenantEvidence t, Instant reportTime) {
    out.append("<section class=\"tenant\" id=\"")
        .append(Html.id("t", t.namespace(), t.name()))
        .append("\">\n<h3>Tenant cluster ")
        .append(Html.esc(t.name()))
        .append("</h3>\n");
    Html.facts(
        out,
        "Tenant cluster " + t.name() + ": declared facts",
        List.of(
            List.of("Name and namespace", Html.esc(t.name()) + " in " + Html.esc(t.namespace())),
            List.of("Jurisdiction", Html.esc(t.jurisdiction())),
            List.of(
                "Where the control plane runs",
                JurisdictionSection.labels(t.placement())
                    + ", "
                    + t.controlPlaneReplicas()
                    + " replica(s)"),
            List.of("Where its state lives", store(t)),
            List.of("Where backups go", backup(t)),
            List.of("Encryption keys (KMS)", Html.code(t.kmsEndpoint())),
            List.of(
                "Audit log goes to",
                t.audit().sink() == null
                    ? Html.orNone(null)
                    : mark(t.audit().jurisdiction(), t)
                        + Html.esc(t.audit().sink())
                        + " "
                        + Html.code(t.audit().url())),
            List.of("Kubernetes version", Html.orNone(t.kubernetesVersion())),
            List.of("Policy", Html.orNone(t.policyEngine()) + ": " + Html.list(t.policyBundles())),
            List.of("Declared in", Html.orNone(t.source()))));
    AuditReceivedSection.write(out, t, reportTime);
    grants(out, t);
    if (t.observed() != null) {
      observed(out, t, t.observed());
    }
    problems(out, t);
    out.append("</section>\n");
  }

  private static String store(TenantEvidence t) {
    StoreEvidence s = t.dataStore();
    return switch (s.kind()) {
      case "shared" ->
          mark(s.jurisdiction(), t)
              + "shared "
              + Html.orNone(s.driver())
              + " data store "
              + Html.esc(s.name())
              + " at "
              + Html.list(s.endpoints())
              + " (jurisdiction "
              + Html.orNone(s.jurisdiction())
              + ")";
      case "embedded" ->
          mark(s.jurisdiction(), t)
              + "embedded etcd on storage class "
              + Html.esc(s.storageClass())
              + " (jurisdiction "
              + Html.orNone(s.jurisdiction())
              + ")";
      default -> Html.orNone(null);
    };
  }

  private static String backup(TenantEvidence t) {
    BackupEvidence b = t.backup();
    if (b.target() == null) {
      return Html.orNone(null);
    }
    return mark(b.jurisdiction(), t)
        + Html.esc(b.target())
        + ": "
        + Html.code(b.endpoint())
        + ", bucket "
        + Html.orNone(b.bucket())
        + ", region "
        + Html.orNone(b.region())
        + "<br>schedule "
        + Html.code(b.schedule())
        + ", "
        + Html.orNone(b.retention())
        + " kept"
        + (b.retentionDays() == null ? "" : " (about " + b.retentionDays() + " days)")
        + "<br>last success: "
        + (b.lastSuccess() == null
            ? "<span class=\"none\">not observed</span>"
            : Html.esc(b.lastSuccess()));
  }

  private static String mark(String owner, TenantEvidence t) {
    return Objects.equals(owner, t.jurisdiction())
        ? ""
        : "<span class=\"crossing-text\">outside " + Html.esc(t.jurisdiction()) + ": </span>";
  }

  private static void grants(StringBuilder out, TenantEvidence t) {
    if (t.accessGrants().isEmpty()) {
      out.append("<p>Break-glass access grants: none declared.</p>\n");
      return;
    }
    List<List<String>> rows = new ArrayList<>();
    for (GrantEvidence g : t.accessGrants()) {
      rows.add(
          List.of(
              Html.esc(g.name()),
              Html.esc(g.group()),
              Html.esc(g.role()),
              Html.esc(g.duration()),
              Html.esc(g.state()),
              Html.orNone(g.grantedAt()) + " – " + Html.orNone(g.expiresAt()),
              Html.esc(g.justification()),
              Html.orNone(g.source())));
    }
    Html.table(
        out,
        "Who can get in: break-glass access grants for " + t.name(),
        List.of(
            "Grant",
            "Group",
            "Role",
            "Duration",
            "State",
            "Granted – expires",
            "Justification",
            "Declared in"),
        rows);
  }

  private static void observed(StringBuilder out, TenantEvidence t, ObservedEvidence o) {
    out.append("<p>Observed on the host: namespace <code>")
        .append(Html.esc(o.hostNamespace()))
        .append("</code>, phase ")
        .append(Html.orNone(o.phase()))
        .append(".</p>\n");
    List<List<String>> pods = new ArrayList<>();
    o.pods()
        .forEach(
            p ->
                pods.add(
                    List.of(
                        Html.esc(p.name()),
                        Html.orNone(p.nodeName()),
                        p.nodeLabels().entrySet().stream()
                            .map(x -> Html.code(x.getKey() + "=" + x.getValue()))
                            .collect(Collectors.joining(" ")),
                        p.inJurisdiction()
                            ? "yes (" + Html.esc(p.nodeJurisdiction()) + ")"
                            : "<span class=\"crossing-text\">no: "
                                + Html.orNone(p.nodeJurisdiction())
                                + "</span>")));
    Html.table(
        out,
        "Where " + t.name() + "'s programs were observed running",
        List.of("Pod", "Node", "Node labels", "In " + t.jurisdiction() + "?"),
        pods);
    List<List<String>> readers = new ArrayList<>();
    o.readers()
        .forEach(
            r ->
                readers.add(
                    List.of(
                        Html.esc(r.kind()),
                        Html.esc(r.namespace() == null ? r.name() : r.namespace() + "/" + r.name()),
                        r.canReadSecrets() ? "<strong>yes</strong>" : "no",
                        Html.esc(r.via()))));
    Html.table(
        out,
        "Who can read " + t.name() + "'s host namespace (host RBAC)",
        List.of("Kind", "Subject", "Can read Secrets", "Granted via"),
        readers);
  }

  private static void problems(StringBuilder out, TenantEvidence t) {
    if (t.violations().isEmpty() && t.drift().isEmpty()) {
      out.append("<p>No rule violations")
          .append(t.observed() == null ? "" : " and no drift")
          .append(" for this tenant cluster.</p>\n");
      return;
    }
    out.append("<ul class=\"evidence\">\n");
    for (ViolationEvidence v : t.violations()) {
      out.append("<li class=\"fail\">Violation at ")
          .append(Html.orNone(v.location()))
          .append(": <code>")
          .append(Html.esc(v.fieldPath()))
          .append("</code>: ")
          .append(Html.esc(v.message()))
          .append("</li>\n");
    }
    t.drift()
        .forEach(
            d ->
                out.append("<li class=\"fail\">Drift: ")
                    .append(Html.esc(d.describe()))
                    .append("</li>\n"));
    out.append("</ul>\n");
  }
}
