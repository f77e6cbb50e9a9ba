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
