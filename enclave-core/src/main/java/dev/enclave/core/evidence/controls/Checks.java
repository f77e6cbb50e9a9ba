package dev.enclave.core.evidence.controls;

import dev.enclave.core.evidence.Crossing;
import dev.enclave.core.evidence.GrantEvidence;
import dev.enclave.core.evidence.JurisdictionEvidence;
import dev.enclave.core.evidence.ObservedEvidence.PodEvidence;
import dev.enclave.core.evidence.TenantEvidence;
import dev.enclave.core.evidence.TenantEvidence.BackupEvidence;
import dev.enclave.core.observed.ObservedAuditEvent;
import dev.enclave.core.observed.ObservedAuditLog;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/** The facts controls are built from, each adding evidence lines about one jurisdiction. */
final class Checks {
  /** Six months, as Art. 19 EU AI Act asks, counted as 180 days. */
  static final double SIX_MONTHS_DAYS = 180;

  /** How old the last received audit event may be and still show that audit reaches the sink. */
  static final Duration RECENT_AUDIT = Duration.ofHours(24);

  private Checks() {}

  static void placementDeclared(ControlContext c, ControlEvidence e) {
    JurisdictionEvidence j = c.jurisdiction();
    e.object(jurisdiction(j))
        .check(
            !j.placement().isEmpty(),
            "every pod of jurisdiction "
                + j.name()
                + " must run on nodes labelled "
                + labels(j.placement()),
            "jurisdiction " + j.name() + " declares no placement: pods could run on any node");
  }

  static void displayNamed(ControlContext c, ControlEvidence e) {
    JurisdictionEvidence j = c.jurisdiction();
    e.check(
        j.displayName() != null && !j.displayName().isBlank(),
        "jurisdiction " + j.name() + " is named \"" + j.displayName() + "\"",
        "jurisdiction " + j.name() + " has no displayName naming the territory");
  }

  static void podsOnMatchingNodes(ControlContext c, ControlEvidence e) {
    if (!c.observed()) {
      e.note(
          "not observed: this report was made offline from Git; run it with --kubeconfig to"
              + " add where each pod actually runs");
      return;
    }
    for (TenantEvidence t : c.jurisdiction().tenants()) {
      if (t.observed() == null) {
        e.fail(t.name() + ": not found on the host cluster");
        continue;
      }
      long inside = t.observed().pods().stream().filter(PodEvidence::inJurisdiction).count();
      long total = t.observed().pods().size();
      e.object(tenant(t))
          .check(
              inside == total,
              t.name() + ": all " + total + " observed pod(s) run on nodes of " + t.jurisdiction(),
              t.name()
                  + ": "
                  + (total - inside)
                  + " of "
                  + total
                  + " observed pod(s) run on nodes outside "
                  + t.jurisdiction());
    }
  }

  static void stateInside(ControlContext c, ControlEvidence e) {
    for (TenantEvidence t : c.jurisdiction().tenants()) {
      var s = t.dataStore();
      String what =
          "shared".equals(s.kind())
              ? "shared " + s.driver() + " store " + s.name()
              : "embedded etcd on storage class " + s.storageClass();
      e.object(tenant(t))
          .check(
              !"none".equals(s.kind()) && Objects.equals(s.jurisdiction(), t.jurisdiction()),
              t.name() + ": state in " + what + " (" + t.jurisdiction() + ")",
              t.name() + ": state in " + what + ", which is not declared by " + t.jurisdiction());
    }
  }

  static void backupsInside(ControlContext c, ControlEvidence e) {
    for (TenantEvidence t : c.jurisdiction().tenants()) {
      BackupEvidence b = t.backup();
      e.object(tenant(t));
      if (b.target() == null) {
        e.fail(t.name() + ": no backup declared");
      } else {
        e.check(
            Objects.equals(b.jurisdiction(), t.jurisdiction()) && b.retention() != null,
            t.name() + ": " + describe(b),
            t.name()
                + ": "
                + describe(b)
                + (b.retention() == null ? "; no retention" : "")
                + (Objects.equals(b.jurisdiction(), t.jurisdiction())
                    ? ""
                    : "; the target is not declared by " + t.jurisdiction()));
      }
    }
  }

  static void lastBackups(ControlContext c, ControlEvidence e) {
    if (!c.observed()) {
      e.note("last successful backup not observed: offline report");
      return;
    }
    for (TenantEvidence t : c.jurisdiction().tenants()) {
      e.check(
          t.backup().lastSuccess() != null,
          t.name() + ": last successful backup " + t.backup().lastSuccess(),
          t.name() + ": no successful backup observed");
    }
  }

  static void auditInside(ControlContext c, ControlEvidence e) {
    for (TenantEvidence t : c.jurisdiction().tenants()) {
      var a = t.audit();
      e.object(tenant(t));
      if (a.sink() == null) {
        e.fail(t.name() + ": no audit sink declared; audit events are not sent anywhere");
      } else {
        e.check(
            Objects.equals(a.jurisdiction(), t.jurisdiction()) && https(a.url()),
            t.name() + ": audit log to " + a.sink() + " at " + a.url(),
            t.name() + ": audit sink " + a.sink() + " is not an https sink of " + t.jurisdiction());
      }
      auditReceived(t, c.now(), e);
    }
  }

  /**
   * With {@code --audit-dir}: an event the sink received within {@link #RECENT_AUDIT} of the report
   * evidences that audit reaches it; none, or only older ones, is a finding.
   */
  static void auditReceived(TenantEvidence t, Instant now, ControlEvidence e) {
    ObservedAuditLog log = t.audit().received();
    if (log == null) {
      return;
    }
    ObservedAuditEvent last = log.lastEvent();
    if (last == null) {
      e.fail(
          t.name()
              + ": no audit event received"
              + (log.file() == null ? " in " + log.directory() : " in " + log.file()));
    } else if (last.time() == null || last.time().isBefore(now.minus(RECENT_AUDIT))) {
      e.fail(
          t.name()
              + ": last audit event received at "
              + (last.time() == null ? "an unknown time" : last.time())
              + ", not within "
              + RECENT_AUDIT.toHours()
              + " hours of the report ("
              + log.file()
              + ")");
    } else {
      e.ok(
          t.name()
              + ": audit event "
              + last.auditId()
              + " received at "
              + last.time()
              + ", "
              + log.events()
              + " event(s) in "
              + log.file());
    }
    if (log.skippedLines() > 0) {
      e.note(
          t.name()
              + ": "
              + log.skippedLines()
              + " line(s) of "
              + log.file()
              + " skipped: not an audit event (malformed or cut short)");
    }
  }

  static void kmsDeclared(ControlContext c, ControlEvidence e) {
    JurisdictionEvidence j = c.jurisdiction();
    e.object(jurisdiction(j))
        .check(
            j.kmsEndpoint() != null,
            "Secrets encrypted at rest through the KMS v2 plugin "
                + j.kmsEndpoint()
                + " of "
                + j.name(),
            "jurisdiction " + j.name() + " declares no KMS endpoint: keys are not evidenced");
  }

  static void tls(ControlContext c, ControlEvidence e) {
    JurisdictionEvidence j = c.jurisdiction();
    j.auditSinks()
        .forEach(
            s ->
                e.check(
                    https(s.url()),
                    "audit sink " + s.name() + " uses https",
                    "audit sink " + s.name() + " is not https"));
    j.backupTargets()
        .forEach(
            b ->
                e.check(
                    https(b.endpoint()),
                    "backup target " + b.name() + " uses https",
                    "backup target " + b.name() + " is not https"));
    e.ok(
        "control-plane traffic: API server, etcd client and peer connections use TLS with"
            + " per-tenant certificates (rendered by Enclave for every tenant)");
  }

  static void adminGroupsLimited(ControlContext c, ControlEvidence e) {
    JurisdictionEvidence j = c.jurisdiction();
    e.object(jurisdiction(j))
        .check(
            !j.adminGroups().isEmpty(),
            "admin access limited to group(s) " + String.join(", ", j.adminGroups()),
            "jurisdiction " + j.name() + " names no admin groups");
    for (TenantEvidence t : j.tenants()) {
      if (t.observed() == null) {
        continue;
      }
      t.observed()
          .readers()
          .forEach(
              r ->
                  e.note(
                      t.name()
                          + ": host "
                          + r.kind()
                          + " "
                          + r.name()
                          + " can read its host namespace"
                          + (r.canReadSecrets() ? " and its Secrets" : "")
                          + " via "
                          + r.via()));
    }
  }

  static void grantsTimeBound(ControlContext c, ControlEvidence e) {
    int grants = 0;
    for (TenantEvidence t : c.jurisdiction().tenants()) {
      for (GrantEvidence g : t.accessGrants()) {
        grants++;
        e.object("AccessGrant/" + g.namespace() + "/" + g.name());
        boolean justified = g.justification() != null && !g.justification().isBlank();
        e.check(
            justified && c.jurisdiction().adminGroups().contains(g.group()),
            "grant "
                + g.name()
                + ": "
                + g.group()
                + " may "
                + g.role()
                + " "
                + t.name()
                + " for "
                + g.duration()
                + " ("
                + g.state()
                + "), because \""
                + g.justification()
                + "\"",
            "grant "
                + g.name()
                + ": group "
                + g.group()
                + (justified ? " is not an admin group" : " has no justification"));
      }
    }
    if (grants == 0) {
      e.ok("no break-glass AccessGrant declared: no one outside the tenant has been given access");
    }
    e.note("grants longer than 8 hours are refused by the compliance rules (see violations)");
  }

  static void declaredInGit(ControlContext c, ControlEvidence e) {
    for (TenantEvidence t : c.jurisdiction().tenants()) {
      e.object(tenant(t))
          .check(
              t.source() != null,
              t.name() + ": declared in " + t.source(),
              t.name() + ": not read from a file");
    }
    c.undeclaredTenants()
        .forEach(n -> e.fail(n + ": observed on a host cluster but declared nowhere in Git"));
  }

  static void upstreamImages(ControlContext c, ControlEvidence e) {
    JurisdictionEvidence j = c.jurisdiction();
    e.check(
        !j.registries().isEmpty(),
        "control planes run upstream Kubernetes images (kube-apiserver, controller-manager, etcd)"
            + " from "
            + String.join(", ", j.registries()),
        "jurisdiction " + j.name() + " names no image registry");
  }

  static void regionsNamed(ControlContext c, ControlEvidence e) {
    JurisdictionEvidence j = c.jurisdiction();
    for (TenantEvidence t : j.tenants()) {
      BackupEvidence b = t.backup();
      e.check(
          b.target() != null && b.region() != null,
          t.name()
              + ": processed on "
              + labels(t.placement())
              + " nodes, backups in region "
              + b.region(),
          t.name() + ": backup region not named");
    }
  }

  static void destinationsNamed(ControlContext c, ControlEvidence e) {
    JurisdictionEvidence j = c.jurisdiction();
    for (TenantEvidence t : j.tenants()) {
      var s = t.dataStore();
      if ("shared".equals(s.kind())) {
        e.check(
            !s.endpoints().isEmpty(),
            t.name() + ": data store " + s.name() + " at " + String.join(", ", s.endpoints()),
            t.name() + ": data store " + s.name() + " has no declared endpoint");
      }
      e.check(
          t.backup().endpoint() != null,
          t.name() + ": backups at " + t.backup().endpoint() + " bucket " + t.backup().bucket(),
          t.name() + ": backup endpoint not named");
      e.check(
          t.audit().url() != null,
          t.name() + ": audit log at " + t.audit().url(),
          t.name() + ": audit sink not named");
    }
    kmsDeclared(c, e);
  }

  static void logRetention(ControlContext c, ControlEvidence e) {
    for (TenantEvidence t : c.jurisdiction().tenants()) {
      Double days = t.backup().retentionDays();
      e.object(tenant(t));
      if (days == null) {
        e.fail(
            t.name()
                + ": how long records are kept is unknown (no backup, or a schedule"
                + " that is not a simple interval)");
      } else {
        e.check(
            days >= SIX_MONTHS_DAYS,
            t.name() + ": backups reach back " + days + " days (at least 180)",
            t.name() + ": backups reach back only " + days + " days (less than 180)");
      }
    }
    e.note(
        "the audit sink's own retention is not declared in Git; the evidenced retention is"
            + " that of the backups (retention × schedule interval)");
  }

  static void noCrossings(ControlContext c, ControlEvidence e) {
    for (Crossing x : c.crossings()) {
      e.fail(x.tenantName() + ": " + x.fieldPath() + ": " + x.message());
    }
    if (c.crossings().isEmpty()) {
      e.ok(
          "nothing any tenant of "
              + c.jurisdiction().name()
              + " reaches lies outside the jurisdiction");
    }
  }

  static String describe(BackupEvidence b) {
    String days = b.retentionDays() == null ? "" : " (about " + b.retentionDays() + " days)";
    return "backups to "
        + b.target()
        + " ("
        + b.endpoint()
        + ", bucket "
        + b.bucket()
        + ", region "
        + b.region()
        + ") on schedule \""
        + b.schedule()
        + "\", "
        + b.retention()
        + " kept"
        + days;
  }

  static String labels(Map<String, String> labels) {
    return labels.entrySet().stream()
        .map(x -> x.getKey() + "=" + x.getValue())
        .collect(Collectors.joining(", "));
  }

  static String tenant(TenantEvidence t) {
    return "TenantCluster/" + t.namespace() + "/" + t.name();
  }

  static String jurisdiction(JurisdictionEvidence j) {
    return "Jurisdiction/" + j.name();
  }

  private static boolean https(String url) {
    return url != null && url.startsWith("https://");
  }
}
