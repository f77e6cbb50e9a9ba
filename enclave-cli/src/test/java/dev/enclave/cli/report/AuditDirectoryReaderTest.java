package dev.enclave.cli.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.enclave.core.gitops.GitOpsLoader;
import dev.enclave.core.model.Platform;
import dev.enclave.core.observed.AuditObservations;
import dev.enclave.core.observed.ObservedAuditLog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the audit sink's files say about each tenant: the last event, or that none arrived. */
class AuditDirectoryReaderTest {
  static final String PLATFORM =
      """
      apiVersion: enclave.dev/v1alpha1
      kind: TenantCluster
      metadata: {name: bank, namespace: tenants-eu}
      spec: {jurisdiction: eu}
      ---
      apiVersion: enclave.dev/v1alpha1
      kind: TenantCluster
      metadata: {name: lab, namespace: tenants-eu}
      spec: {jurisdiction: eu}
      """;

  @TempDir Path dir;

  @Test
  void theLastEventOfTheNewestDayFileIsKeptWithoutItsBodyOrCredentials() throws IOException {
    Path bank = dir.resolve("eu/tenants-eu/bank");
    AuditEvents.write(bank.resolve("2025-05-31.jsonl"), AuditEvents.FORBIDDEN_METRICS);
    AuditEvents.write(
        bank.resolve("2025-06-01.jsonl"), AuditEvents.LEASE_UPDATE, AuditEvents.SECRET_GET);

    ObservedAuditLog log = read().tenants().get("tenants-eu/bank");

    assertThat(log.file()).isEqualTo(bank.resolve("2025-06-01.jsonl").toString());
    assertThat(log.day()).isEqualTo("2025-06-01");
    assertThat(log.events()).isEqualTo(2);
    assertThat(log.skippedLines()).isZero();
    var e = log.lastEvent();
    assertThat(e.auditId()).isEqualTo("9e2d5a3c-1b7f-4c8e-8d60-7a4f3e2b1c90");
    assertThat(e.time()).hasToString("2025-06-01T11:59:57.483920Z");
    assertThat(e.stage()).isEqualTo("ResponseComplete");
    assertThat(e.verb()).isEqualTo("get");
    assertThat(e.user()).isEqualTo("alice@eu-oncall.example.com");
    assertThat(e.describeObject()).isEqualTo("secrets payments/db-credentials");
    assertThat(e.responseCode()).isEqualTo(200);
    assertThat(e.toString()).doesNotContain("X509SHA256").doesNotContain("10.0.3.17");
  }

  @Test
  void aLastLineCutShortWhileWrittenIsSkippedAndCountedAndTheLineBeforeIsTheLastEvent()
      throws IOException {
    Path file = dir.resolve("eu/tenants-eu/bank/2025-06-01.jsonl");
    AuditEvents.write(file, AuditEvents.LEASE_UPDATE, AuditEvents.SECRET_GET);
    Files.writeString(
        file,
        AuditEvents.FORBIDDEN_METRICS.substring(0, 180),
        StandardCharsets.UTF_8,
        StandardOpenOption.APPEND);

    ObservedAuditLog log = read().tenants().get("tenants-eu/bank");

    assertThat(log.events()).isEqualTo(2);
    assertThat(log.skippedLines()).isEqualTo(1);
    assertThat(log.lastEvent().auditId()).isEqualTo("9e2d5a3c-1b7f-4c8e-8d60-7a4f3e2b1c90");
  }

  @Test
  void aMalformedLineInTheMiddleIsSkippedAndCounted() throws IOException {
    AuditEvents.write(
        dir.resolve("eu/tenants-eu/bank/2025-06-01.jsonl"),
        AuditEvents.LEASE_UPDATE,
        "not json at all",
        "{\"kind\":\"Status\",\"code\":500}",
        AuditEvents.FORBIDDEN_METRICS);

    ObservedAuditLog log = read().tenants().get("tenants-eu/bank");

    assertThat(log.events()).isEqualTo(2);
    assertThat(log.skippedLines()).isEqualTo(2);
    assertThat(log.lastEvent().describeObject()).isEqualTo("/metrics");
    assertThat(log.lastEvent().responseCode()).isEqualTo(403);
    assertThat(log.lastEvent().user()).isEqualTo("system:anonymous");
  }

  @Test
  void anEmptyTenantDirectoryAndAnEmptyDayFileHoldNoEvent() throws IOException {
    Files.createDirectories(dir.resolve("eu/tenants-eu/bank"));
    AuditEvents.write(dir.resolve("eu/tenants-eu/lab/2025-06-01.jsonl"));

    AuditObservations audit = read();

    ObservedAuditLog bank = audit.tenants().get("tenants-eu/bank");
    assertThat(bank.lastEvent()).isNull();
    assertThat(bank.file()).isNull();
    assertThat(bank.directory()).isEqualTo(dir.resolve("eu/tenants-eu/bank").toString());
    ObservedAuditLog lab = audit.tenants().get("tenants-eu/lab");
    assertThat(lab.lastEvent()).isNull();
    assertThat(lab.events()).isZero();
    assertThat(lab.file()).endsWith("2025-06-01.jsonl");
  }

  @Test
  void aTenantWithoutADirectoryReceivedNothingAndFilesThatAreNotDayFilesAreIgnored()
      throws IOException {
    AuditEvents.write(dir.resolve("eu/tenants-eu/bank/notes.jsonl"), AuditEvents.LEASE_UPDATE);
    AuditEvents.write(dir.resolve("eu/unattributed/2025-06-01.jsonl"), AuditEvents.SECRET_GET);

    AuditObservations audit = read();

    assertThat(audit.tenants()).containsOnlyKeys("tenants-eu/bank", "tenants-eu/lab");
    assertThat(audit.tenants().values()).allSatisfy(l -> assertThat(l.lastEvent()).isNull());
    assertThat(audit.tenants().get("tenants-eu/lab").directory())
        .isEqualTo(dir.resolve("eu/tenants-eu/lab").toString());
  }

  private AuditObservations read() throws IOException {
    Platform platform = new GitOpsLoader().load("platform.yaml", PLATFORM).platform();
    return AuditDirectoryReader.read(dir, platform);
  }
}
