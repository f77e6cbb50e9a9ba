package dev.enclave.cli;

import static dev.enclave.cli.EnclaveCtlTest.enclavectl;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report as an auditor's browser shows it: index.html opened in headless Chromium (Debian's
 * chromium, installed by scripts/setup-test-deps), a screenshot kept under
 * target/report-artefacts/, and the key facts asserted from the rendered DOM. With CI=true a
 * missing Chromium fails the test; elsewhere it is skipped with a message.
 */
class ReportChromiumTest {
  static final Path ARTEFACTS = Path.of("target", "report-artefacts");

  @TempDir Path tmp;

  @Test
  void theRenderedPageShowsTenantsJurisdictionsAFailingControlAndTheRedCrossing() throws Exception {
    Path chromium = chromium();
    Path platform = copyExamples();
    Path acme = platform.resolve("eu/tenants/acme-bank.yaml");
    Files.writeString(
        acme, Files.readString(acme).replace("target: eu-backups", "target: uk-backups"));
    Path out = Files.createDirectories(ARTEFACTS.toAbsolutePath());
    enclavectl(
        "report", platform.toString(), "--out", out.toString(), "--now", "2025-06-01T12:00:00Z");
    Path page = out.resolve("index.html");

    run(
        chromium,
        "--screenshot=" + out.resolve("index.png"),
        "--window-size=1280,6000",
        page.toUri().toString());
    String dom = run(chromium, "--dump-dom", page.toUri().toString());
    Files.writeString(out.resolve("index.dom.html"), dom);

    assertThat(out.resolve("index.png")).exists().isNotEmptyFile();
    assertThat(dom)
        .contains("Sovereignty evidence report")
        .contains("Tenant cluster acme-bank")
        .contains("Tenant cluster ai-lab")
        .contains("Tenant cluster insurer-claims")
        .contains("Tenant cluster council")
        .contains("Jurisdiction: European Union (eu)")
        .contains("Jurisdiction: United Kingdom (uk)")
        .contains("data-status=\"FAIL\"")
        .contains("EU-DATA-ACT-32")
        .contains("<path class=\"crossing\"")
        .contains("stroke=\"#c62828\"")
        .contains("acme-bank reaches Backup target uk-backups outside eu");
  }

  private static Path chromium() {
    for (String candidate : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser")) {
      if (Files.isExecutable(Path.of(candidate))) {
        return Path.of(candidate);
      }
    }
    if ("true".equals(System.getenv("CI"))) {
      fail(
          "chromium is not installed; scripts/setup-test-deps installs it (apt-get install"
              + " chromium)");
    }
    Assumptions.abort("chromium is not installed; run scripts/setup-test-deps to install it");
    return null;
  }

  private String run(Path chromium, String... args) throws IOException, InterruptedException {
    List<String> command =
        new ArrayList<>(
            List.of(
                chromium.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--user-data-dir=" + tmp.resolve("chromium-profile")));
    command.addAll(List.of(args));
    Path stdout = tmp.resolve("chromium.out");
    Process process =
        new ProcessBuilder(command)
            .redirectOutput(stdout.toFile())
            .redirectError(tmp.resolve("chromium.err").toFile())
            .start();
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      fail("chromium did not finish within 120 s");
    }
    assertThat(process.exitValue())
        .as("chromium exit; stderr: %s", Files.readString(tmp.resolve("chromium.err")))
        .isZero();
    return Files.readString(stdout, StandardCharsets.UTF_8);
  }

  private Path copyExamples() throws IOException {
    Path examples = ReportCommandTest.EXAMPLES;
    Path target = tmp.resolve("platform");
    try (Stream<Path> files = Files.walk(examples)) {
      for (Path source : files.toList()) {
        Path dest = target.resolve(examples.relativize(source).toString());
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
