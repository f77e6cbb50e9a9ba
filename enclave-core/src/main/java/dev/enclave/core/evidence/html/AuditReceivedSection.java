package dev.enclave.core.evidence.html;

import dev.enclave.core.evidence.TenantEvidence;
import dev.enclave.core.observed.ObservedAuditEvent;
import dev.enclave.core.observed.ObservedAuditLog;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

/** What a tenant's audit sink received (with {@code --audit-dir}): its last event, or none. */
final class AuditReceivedSection {
  private AuditReceivedSection() {}

  static void write(StringBuilder out, TenantEvidence t, Instant reportTime) {
    ObservedAuditLog log = t.audit().received();
    if (log == null) {
      return;
    }
    Html.facts(
        out,
        "Tenant cluster " + t.name() + ": observed at its audit sink",
        List.of(List.of("Last audit event", lastEvent(log, reportTime))));
  }

  static String lastEvent(ObservedAuditLog log, Instant reportTime) {
    ObservedAuditEvent e = log.lastEvent();
    String skipped =
        log.skippedLines() == 0
            ? ""
            : "; " + log.skippedLines() + " line(s) skipped (not an audit event)";
    if (e == null) {
      String where = log.file() != null ? log.file() : log.directory();
      return "<span class=\"badge fail\">no audit event received</span>"
          + (where == null ? "" : " in " + Html.code(where))
          + skipped;
    }
    String today = LocalDate.ofInstant(reportTime, ZoneOffset.UTC).toString();
    return Html.esc(e.time() == null ? "(no time)" : e.time())
        + " "
        + Html.esc(e.verb())
        + " "
        + Html.code(e.describeObject())
        + " by "
        + Html.esc(e.user())
        + " ("
        + Html.esc(e.responseCode() == null ? "no response code" : e.responseCode())
        + "), "
        + log.events()
        + " event(s) "
        + (today.equals(log.day()) ? "today" : "on " + Html.esc(log.day()))
        + " in "
        + Html.code(log.file())
        + skipped;
  }
}
