package dev.enclave.core.evidence.html;

/** The few terms the report uses, in plain language. */
final class GlossarySection {
  private GlossarySection() {}

  static void write(StringBuilder out) {
    out.append("<section id=\"glossary\">\n<h2>Terms used in this report</h2>\n")
        .append("<dl class=\"glossary\">\n");
    term(
        out,
        "Jurisdiction",
        "A legal territory (for example the European Union or the United"
            + " Kingdom) together with the rules the platform enforces for it: which machines,"
            + " storage, key service, log destinations and backup locations may be used.");
    term(
        out,
        "Tenant cluster",
        "The separate Kubernetes environment of one customer (tenant)."
            + " Each tenant cluster belongs to exactly one jurisdiction.");
    term(
        out,
        "Control plane",
        "The programs that manage a tenant cluster (its API server and"
            + " controllers). Whoever runs them can see the tenant's configuration and secrets.");
    term(
        out,
        "Host cluster",
        "The platform's own cluster in a jurisdiction, on whose machines the"
            + " tenant clusters' control planes run.");
    term(
        out,
        "Node",
        "One machine (physical or virtual) that runs programs. Nodes carry labels"
            + " saying which jurisdiction they are in.");
    term(
        out,
        "Data store",
        "Where a tenant cluster keeps its state: an embedded database (etcd)"
            + " on a named kind of disk (storage class), or a shared database service.");
    term(
        out,
        "Audit sink",
        "The service that receives the audit log: a record of every request"
            + " made to a tenant cluster, by whom and when (typically a SIEM).");
    term(
        out,
        "KMS",
        "Key Management Service: holds the keys that encrypt tenant secrets at rest."
            + " Whoever controls it controls access to the encrypted data.");
    term(
        out,
        "Backup target",
        "The storage location (an S3-compatible bucket in a named"
            + " region) where copies of a tenant cluster's state are kept.");
    term(
        out,
        "Access grant",
        "A time-limited, justified permission for the platform's on-call"
            + " staff to enter a tenant cluster (break-glass access).");
    term(
        out,
        "Declared / observed",
        "Declared facts come from the configuration kept in Git;"
            + " observed facts come from asking the running clusters.");
    out.append("</dl>\n</section>\n");
  }

  private static void term(StringBuilder out, String name, String meaning) {
    out.append("<dt>")
        .append(Html.esc(name))
        .append("</dt><dd>")
        .append(Html.esc(meaning))
        .append("</dd>\n");
  }
}
