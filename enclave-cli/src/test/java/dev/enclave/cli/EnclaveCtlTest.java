package dev.enclave.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** enclavectl as a pull-request gate: exit codes, line format, determinism, no stack traces. */
class EnclaveCtlTest {
  private static final Path EXAMPLES =
      Path.of(System.getProperty("enclave.repoRoot", "..")).resolve("examples/platform");

  @TempDir Path tmp;

  record Run(int exit, String out, String err) {}

  static Run enclavectl(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = EnclaveCtl.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int exit = cli.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void theExamplePlatformChecksClean() {
    Run run = enclavectl("check", EXAMPLES.toString());
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).contains("no violations").contains("not an Enclave kind");
    assertThat(run.exit()).isZero();
  }

  @Test
  void aViolationIsPrintedAsFileLineObjectFieldMessageAndExitsOne() throws IOException {
    copyExamples();
    Path acme = tmp.resolve("platform/eu/tenants/acme-bank.yaml");
    Files.writeString(acme, Files.readString(acme).replace("storageClass: eu-encrypted", "storageClass: us-fast"));
    int line = lineOf(acme, "storageClass: us-fast");

    Run run = enclavectl("check", tmp.resolve("platform").toString());

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.out().lines())
        .anySatisfy(
            l ->
                assertThat(l)
                    .startsWith("eu/tenants/acme-bank.yaml:" + line + ": TenantCluster/acme-bank: "
                        + "spec.dataStore.embedded.storageClass: ")
                    .contains("\"us-fast\"")
                    .contains("eu-encrypted"));
  }

  @Test
  void malformedYamlExitsTwoWithFileAndLineAndNoStackTrace() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("broken"));
    Files.writeString(dir.resolve("bad.yaml"), "apiVersion: enclave.dev/v1alpha1\nkind: [unclosed\n");

    Run run = enclavectl("check", dir.toString());

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("bad.yaml:").doesNotContain("Exception").doesNotContain("\tat ");
  }

  @Test
  void aMissingDirectoryExitsTwoWithAClearMessage() {
    Run run = enclavectl("check", tmp.resolve("nowhere").toString());
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("nowhere").doesNotContain("\tat ");
  }

  @Test
  void renderIsByteIdenticalOnEveryRun() throws IOException {
    Path first = tmp.resolve("first");
    Path second = tmp.resolve("second");
    assertThat(enclavectl("render", EXAMPLES.toString(), "--out", first.toString()).exit()).isZero();
    assertThat(enclavectl("render", EXAMPLES.toString(), "--out", second.toString()).exit()).isZero();
    assertThat(enclavectl("render", EXAMPLES.toString(), "--out", second.toString()).exit()).isZero();

    Map<String, String> a = contents(first);
    assertThat(a.keySet()).anyMatch(k -> k.startsWith("tenants-eu/acme-bank/"));
    assertThat(a.keySet()).anyMatch(k -> k.startsWith("tenants-uk/council/"));
    assertThat(contents(second)).isEqualTo(a);
  }

  @Test
  void renderNeverWritesAPrivateKey() throws IOException {
    Path out = tmp.resolve("out");
    enclavectl("render", EXAMPLES.toString(), "--out", out.toString());
    assertThat(contents(out).values()).noneMatch(text -> text.contains("PRIVATE KEY"));
  }

  @Test
  void renderRefusesWithCheckMessagesWhenCheckFails() throws IOException {
    copyExamples();
    Path acme = tmp.resolve("platform/eu/tenants/acme-bank.yaml");
    Files.writeString(acme, Files.readString(acme).replace("podSecurity: restricted", "podSecurity: privileged"));
    Path out = tmp.resolve("out");

    Run check = enclavectl("check", tmp.resolve("platform").toString());
    Run render = enclavectl("render", tmp.resolve("platform").toString(), "--out", out.toString());

    assertThat(render.exit()).isEqualTo(1);
    assertThat(render.out()).isEqualTo(check.out()).contains("spec.isolation.podSecurity");
    assertThat(out).doesNotExist();
  }

  @Test
  void renderNeverReplacesADirectoryItDidNotWrite() throws IOException {
    Path out = Files.createDirectories(tmp.resolve("precious"));
    Files.writeString(out.resolve("notes.txt"), "mine");
    Run run = enclavectl("render", EXAMPLES.toString(), "--out", out.toString());
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("was not written by enclavectl render");
    assertThat(out.resolve("notes.txt")).hasContent("mine");
  }

  @Test
  void everyVerbHasHelpAndTheToolHasAVersion() {
    for (String verb : new String[] {"check", "render"}) {
      Run run = enclavectl(verb, "--help");
      assertThat(run.exit()).isZero();
      assertThat(run.out()).contains("Usage: enclavectl " + verb);
    }
    assertThat(enclavectl("--version").out()).startsWith("enclavectl ");
  }

  @Test
  void aMissingArgumentIsAUsageErrorWithExitTwo() {
    Run run = enclavectl("render", EXAMPLES.toString());
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("--out").contains("--help");
  }

  private void copyExamples() throws IOException {
    Path target = tmp.resolve("platform");
    try (Stream<Path> paths = Files.walk(EXAMPLES)) {
      for (Path p : paths.toList()) {
        Path dest = target.resolve(EXAMPLES.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(dest);
        } else {
          Files.copy(p, dest);
        }
      }
    }
  }

  private static int lineOf(Path file, String text) throws IOException {
    var lines = Files.readAllLines(file);
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains(text)) {
        return i + 1;
      }
    }
    throw new AssertionError(text + " not in " + file);
  }

  private static Map<String, String> contents(Path root) throws IOException {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.filter(Files::isRegularFile).toList()) {
        files.put(root.relativize(p).toString().replace('\\', '/'), Files.readString(p));
      }
    }
    return files;
  }
}
