package dev.enclave.core.evidence;

import static dev.enclave.core.evidence.EvidenceFixtures.JURISDICTIONS;
import static dev.enclave.core.evidence.EvidenceFixtures.euTenant;
import static dev.enclave.core.evidence.EvidenceFixtures.evidence;
import static org.assertj.core.api.Assertions.assertThat;

import dev.enclave.core.evidence.controls.ControlResult;
import dev.enclave.core.evidence.controls.ControlStatus;
import dev.enclave.core.evidence.html.HtmlReport;
import dev.enclave.core.observed.AuditObservations;
import dev.enclave.core.observed.ObservedAuditEvent;
import dev.enclave.core.observed.ObservedAuditLog;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The audit events a sink received (--audit-dir): evidence for the audit controls, or a finding. */
class AuditReceivedEvidenceTest {
  static final String YAML = JURISDICTIONS + euTenant("bank", "eu-backups", "0 3 * * *", 200);
  static final String FILE = "/audit/eu/tenants-eu/bank/2025-06-01.jsonl";

  static ObservedAuditEvent secretGet(Instant time) {
    return new ObservedAuditEvent(
        time,
        "9e2d5a3c-1b7f-4c8e-8d60-7a4f3e2b1c90",
        "ResponseComplete",
        "get",
        "alice@eu-oncall.example.com",
        "secrets",
        null,
        "payments",
        "db-credentials",
        "/api/v1/namespaces/payments/secrets/db-credentials",
        200);
  }

  static Evidence withAudit(ObservedAuditLog log) {
    return evidence(
        YAML,
        Optional.empty(),
        Optional.of(new AuditObservations("/audit", Map.of("tenants-eu/bank", log))));
  }

  @Test
  void whenTheSinkReceivedAnEventTodayThenTheAuditControlsCiteItAndPass() {
    ObservedAuditLog log =
        new ObservedAuditLog(
            "/audit/eu/tenants-eu/bank",
            FILE,
            "2025-06-01",
            1284,
            0,
            secretGet(Instant.parse("2025-06-01T11:59:57.483920Z")));
    Evidence e = withAudit(log);

    assertThat(e.tenants().get(0).audit().received()).isEqualTo(log);
    for (String id : new String[] {"NIS2-21-B", "NIS2-23", "EU-AI-ACT-12", "EU-DATA-ACT-32"}) {
      assertThat(control(e, id).status()).as(id).isEqualTo(ControlStatus.PASS);
      assertThat(control(e, id).evidence())
          .as(id)
          .contains(
              "ok: bank: audit event 9e2d5a3c-1b7f-4c8e-8d60-7a4f3e2b1c90 received at"
                  + " 2025-06-01T11:59:57.483920Z, 1284 event(s) in "
                  + FILE);
    }
    assertThat(HtmlReport.render(e))
        .contains(
            "<th scope=\"row\">Last audit event</th><td>2025-06-01T11:59:57.483920Z get"
                + " <code>secrets payments/db-credentials</code> by alice@eu-oncall.example.com"
                + " (200), 1284 event(s) today in <code>"
                + FILE
                + "</code></td>");
    assertThat(EvidenceJson.write(e))
        .contains("\"received\" : {")
        .contains("\"auditId\" : \"9e2d5a3c-1b7f-4c8e-8d60-7a4f3e2b1c90\"")
        .contains("\"events\" : 1284")
        .contains("\"file\" : \"" + FILE + "\"");
  }

  @Test
  void whenNoEventWasReceivedThenTheReportSaysSoAndTheAuditControlsFail() {
    Evidence e = withAudit(ObservedAuditLog.nothingIn("/audit/eu/tenants-eu/bank"));

    assertThat(control(e, "NIS2-21-B").status()).isEqualTo(ControlStatus.FAIL);
    assertThat(control(e, "NIS2-21-B").evidence())
        .contains("fail: bank: no audit event received in /audit/eu/tenants-eu/bank");
    assertThat(HtmlReport.render(e))
        .contains(
            "<span class=\"badge fail\">no audit event received</span> in"
                + " <code>/audit/eu/tenants-eu/bank</code>");
    assertThat(EvidenceJson.write(e)).contains("\"lastEvent\" : null");
  }

  @Test
  void whenTheLastEventIsOlderThanADayThenItIsAFindingAndSkippedLinesAreShown() {
    ObservedAuditLog log =
        new ObservedAuditLog(
            "/audit/eu/tenants-eu/bank",
            "/audit/eu/tenants-eu/bank/2025-05-29.jsonl",
            "2025-05-29",
            3,
            2,
            secretGet(Instant.parse("2025-05-29T08:00:00Z")));
    Evidence e = withAudit(log);

    ControlResult nis2 = control(e, "NIS2-21-B");
    assertThat(nis2.status()).isEqualTo(ControlStatus.FAIL);
    assertThat(nis2.evidence())
        .anyMatch(l -> l.startsWith("fail: bank: last audit event received at 2025-05-29T08:00:00Z"))
        .anyMatch(l -> l.startsWith("note: bank: 2 line(s) of "));
    assertThat(HtmlReport.render(e))
        .contains("3 event(s) on 2025-05-29 in")
        .contains("; 2 line(s) skipped (not an audit event)");
  }

  @Test
  void withoutAnAuditDirectoryNothingIsClaimedAboutReceivedEvents() {
    Evidence e = evidence(YAML);

    assertThat(e.tenants().get(0).audit().received()).isNull();
    assertThat(control(e, "NIS2-21-B").evidence()).noneMatch(l -> l.contains("audit event"));
    assertThat(HtmlReport.render(e)).doesNotContain("Last audit event");
  }

  private static ControlResult control(Evidence e, String id) {
    return e.jurisdictions().stream()
        .flatMap(j -> j.controls().stream())
        .filter(c -> c.id().equals(id))
        .findFirst()
        .orElseThrow();
  }
}
