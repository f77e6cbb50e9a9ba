package dev.enclave.cli;

import static dev.enclave.cli.EnclaveCtlTest.enclavectl;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.enclave.cli.report.AuditEvents;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** enclavectl report: both files, the schema, exit codes, determinism, violations still shown. */
class ReportCommandTest {
  static final Path ROOT = Path.of(System.getProperty("enclave.repoRoot", ".."));
  static final Path EXAMPLES = ROOT.resolve("examples/platform");
  static final String NOW = "2025-06-01T12:00:00Z";

  @TempDir Path tmp;

  @Test
  void theExamplePlatformGetsBothFilesAndTheJsonMatchesTheSchema() throws IOException {
    Path out = tmp.resolve("report");
    EnclaveCtlTest.Run run =
        enclavectl("report", EXAMPLES.toString(), "--out", out.toString(), "--now", NOW);

    assertThat(run.err())
        .contains("2 jurisdiction(s), 4 tenant cluster(s)")
        .doesNotContain("\tat ");
    assertThat(out.resolve("index.html")).exists();
    JsonNode json = new ObjectMapper().readTree(out.resolve("evidence.json").toFile());
    assertThat(validate(json)).isEmpty();
    assertThat(json.get("schemaVersion").asInt()).isEqualTo(1);
    assertThat(json.get("generatedAt").asText()).isEqualTo(NOW);
    // Every example tenant keeps backups for six months (EU AI Act Art. 19), so all controls pass.
    assertThat(json.at("/summary/controlsFailing").asInt()).isZero();
    assertThat(json.at("/summary/controlsPassing").asInt()).isPositive();
    assertThat(run.exit()).isZero();
  }

  @Test
  void theSchemaRejectsEvidenceWithoutASummaryOrWithAnUnknownStatus() throws IOException {
    Path out = tmp.resolve("report");
    enclavectl("report", EXAMPLES.toString(), "--out", out.toString(), "--now", NOW);
    ObjectMapper mapper = new ObjectMapper();
    var json =
        (com.fasterxml.jackson.databind.node.ObjectNode)
            mapper.readTree(out.resolve("evidence.json").toFile());
    ((com.fasterxml.jackson.databind.node.ObjectNode) json.at("/jurisdictions/0/controls/0"))
        .put("status", "MAYBE");
    json.remove("summary");
    assertThat(validate(json))
        .extracting(ValidationMessage::getMessage)
        .anyMatch(m -> m.contains("summary"))
        .anyMatch(m -> m.contains("status"));
  }

  @Test
  void withAFixedClockTheOutputIsByteIdentical() throws IOException {
    Path a = tmp.resolve("a");
    Path b = tmp.resolve("b");
    enclavectl("report", EXAMPLES.toString(), "--out", a.toString(), "--now", NOW);
    enclavectl("report", EXAMPLES.toString(), "--out", b.toString(), "--now", NOW);
    assertThat(Files.readString(a.resolve("index.html")))
        .isEqualTo(Files.readString(b.resolve("index.html")));
    assertThat(Files.readString(a.resolve("evidence.json")))
        .isEqualTo(Files.readString(b.resolve("evidence.json")));
  }

  @Test
  void aPlatformWithViolationsStillGetsItsFullReportWithFileAndLineAndExitsOne()
      throws IOException {
    Path platform = copyExamples();
    Path acme = platform.resolve("eu/tenants/acme-bank.yaml");
    Files.writeString(
        acme, Files.readString(acme).replace("target: eu-backups", "target: uk-backups"));
    Path out = tmp.resolve("report");

    EnclaveCtlTest.Run run =
        enclavectl("report", platform.toString(), "--out", out.toString(), "--now", NOW);

    assertThat(run.exit()).isEqualTo(1);
    String html = Files.readString(out.resolve("index.html"));
    assertThat(html)
        .contains("eu/tenants/acme-bank.yaml:")
        .contains("spec.backup.target")
        .contains("Tenant cluster ai-lab")
        .contains("class=\"crossing\"");
    JsonNode json = new ObjectMapper().readTree(out.resolve("evidence.json").toFile());
    assertThat(validate(json)).isEmpty();
    assertThat(json.at("/violations/0/location").asText()).startsWith("eu/tenants/acme-bank.yaml:");
    assertThat(json.at("/crossings/0/targetJurisdiction").asText()).isEqualTo("uk");
  }

  @Test
  void unreadableInputExitsTwoWithFileAndLine() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("broken"));
    Files.writeString(dir.resolve("bad.yaml"), "kind: [unclosed\n");
    EnclaveCtlTest.Run run =
        enclavectl("report", dir.toString(), "--out", tmp.resolve("o").toString());
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("bad.yaml:").doesNotContain("\tat ");
    assertThat(tmp.resolve("o")).doesNotExist();
  }

  @Test
  void aDirectoryOutsideGitSaysNotUnderVersionControl() throws IOException {
    Path platform = copyExamples();
    Path out = tmp.resolve("report");
    enclavectl("report", platform.toString(), "--out", out.toString(), "--now", NOW);
    JsonNode json = new ObjectMapper().readTree(out.resolve("evidence.json").toFile());
    if (!json.at("/provenance/underVersionControl").asBoolean()) {
      assertThat(json.at("/provenance/note").asText()).isEqualTo("not under version control");
      assertThat(Files.readString(out.resolve("index.html"))).contains("not under version control");
    }
  }

  @Test
  void withAnAuditDirectoryEachTenantShowsItsLastEventOrThatNoneWasReceived() throws IOException {
    Path audit = tmp.resolve("audit");
    Path acme = audit.resolve("eu/tenants-eu/acme-bank/2025-06-01.jsonl");
    Files.createDirectories(acme.getParent());
    Files.writeString(
        acme, AuditEvents.LEASE_UPDATE + "\n" + AuditEvents.SECRET_GET + "\n{\"kind\":\"Ev");
    Path out = tmp.resolve("report");

    EnclaveCtlTest.Run run =
        enclavectl(
            "report",
            EXAMPLES.toString(),
            "--out",
            out.toString(),
            "--audit-dir",
            audit.toString(),
            "--now",
            NOW);

    assertThat(run.err())
        .contains(
            audit
                + ": 1 tenant cluster(s) with a received audit event, 3 with none; 1 line(s)"
                + " skipped (not an audit event)");
    JsonNode json = new ObjectMapper().readTree(out.resolve("evidence.json").toFile());
    assertThat(validate(json)).isEmpty();
    JsonNode received = tenant(json, "acme-bank").at("/audit/received");
    assertThat(received.at("/events").asInt()).isEqualTo(2);
    assertThat(received.at("/skippedLines").asInt()).isEqualTo(1);
    assertThat(received.at("/lastEvent/auditId").asText())
        .isEqualTo("9e2d5a3c-1b7f-4c8e-8d60-7a4f3e2b1c90");
    assertThat(tenant(json, "ai-lab").at("/audit/received/lastEvent").isNull()).isTrue();
    String html = Files.readString(out.resolve("index.html"));
    assertThat(html)
        .contains(
            "get <code>secrets payments/db-credentials</code> by alice@eu-oncall.example.com"
                + " (200), 2 event(s) today in <code>"
                + acme
                + "</code>; 1 line(s) skipped")
        .contains("<span class=\"badge fail\">no audit event received</span>")
        .doesNotContain("X509SHA256")
        .doesNotContain("10.0.3.17");
    // Three tenants received nothing: an observed negative fails the audit controls.
    assertThat(json.at("/summary/controlsFailing").asInt()).isPositive();
    assertThat(run.exit()).isEqualTo(1);
  }

  @Test
  void withoutAnAuditDirectoryTheReportMakesNoClaimAboutReceivedEvents() throws IOException {
    Path out = tmp.resolve("report");
    enclavectl("report", EXAMPLES.toString(), "--out", out.toString(), "--now", NOW);
    JsonNode json = new ObjectMapper().readTree(out.resolve("evidence.json").toFile());
    assertThat(tenant(json, "acme-bank").at("/audit/received").isNull()).isTrue();
    assertThat(Files.readString(out.resolve("index.html")))
        .doesNotContain("Last audit event")
        .doesNotContain("no audit event received");
  }

  @Test
  void anAuditDirectoryThatDoesNotExistIsOneLineNamingTheOptionAndExitsTwo() {
    Path missing = tmp.resolve("no-such-audit");
    EnclaveCtlTest.Run run =
        enclavectl(
            "report",
            EXAMPLES.toString(),
            "--out",
            tmp.resolve("o").toString(),
            "--audit-dir",
            missing.toString());
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).isEqualTo("--audit-dir " + missing + ": no such directory\n");
    assertThat(tmp.resolve("o")).doesNotExist();
  }

  @Test
  void anAuditDirectoryThatIsAFileIsRefusedTheSameWay() throws IOException {
    Path file = Files.writeString(tmp.resolve("audit.jsonl"), "");
    EnclaveCtlTest.Run run =
        enclavectl(
            "report",
            EXAMPLES.toString(),
            "--out",
            tmp.resolve("o").toString(),
            "--audit-dir",
            file.toString());
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).isEqualTo("--audit-dir " + file + ": not a readable directory\n");
  }

  private static JsonNode tenant(JsonNode json, String name) {
    for (JsonNode j : json.get("jurisdictions")) {
      for (JsonNode t : j.get("tenants")) {
        if (name.equals(t.get("name").asText())) {
          return t;
        }
      }
    }
    throw new AssertionError("no tenant " + name);
  }

  static Set<ValidationMessage> validate(JsonNode json) throws IOException {
    JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    SchemaValidatorsConfig config =
        SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
    JsonNode schemaNode =
        new ObjectMapper().readTree(ROOT.resolve("docs/evidence.schema.json").toFile());
    JsonSchema schema = factory.getSchema(schemaNode, config);
    return schema.validate(json);
  }

  private Path copyExamples() throws IOException {
    Path target = tmp.resolve("platform");
    try (Stream<Path> files = Files.walk(EXAMPLES)) {
      for (Path source : files.toList()) {
        Path dest = target.resolve(EXAMPLES.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(dest);
        } else {
          Files.copy(source, dest);
        }
      }
    }
    return target;
  }
}
