package dev.enclave.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * The fuzz campaign's seeds and every case it ever failed on (bench/fuzz, see FuzzCampaign in
 * bench/) through {@code enclavectl check}: no stack trace, a meaningful exit code, and every
 * violation and read error naming a field path, or the file and line of unreadable YAML.
 */
class FuzzRegressionsTest {
  private static final Pattern OBJECT_FIELD =
      Pattern.compile(": [A-Z][A-Za-z]*/.*?: (apiVersion|kind|metadata|spec|status)([.\\[].*?)?: ");
  private static final Pattern WHOLE_FILE =
      Pattern.compile("^[^:]+: (malformed YAML|not valid UTF-8|file larger than)");
  private static final Pattern AT_LINE_WITHOUT_OBJECT =
      Pattern.compile("^[^:]+:[1-9][0-9]*: (?![A-Z][A-Za-z]*/[^:]*: )");
  private static final Pattern STACK_TRACE =
      Pattern.compile(
          "(\\tat [\\w$.]+\\(|Exception in thread|^[\\w.]+(Exception|Error)(: |$)|Caused by: )",
          Pattern.MULTILINE);

  static List<Path> cases() throws IOException {
    Path fuzz = fuzzDirectory();
    try (Stream<Path> files = Stream.concat(list(fuzz.resolve("seeds")), list(fuzz.resolve("regressions")))) {
      return files.sorted().toList();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void checkAnswersEveryFuzzCaseNamingAFieldAndNeverWithAStackTrace(Path file) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new EnclaveCtl());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));

    int exit = cli.execute("check", file.toString());

    assertThat(out + "\n" + err).doesNotContainPattern(STACK_TRACE);
    assertThat(exit).isIn(EnclaveCtl.OK, EnclaveCtl.VIOLATIONS, EnclaveCtl.UNREADABLE);
    assertThat(out.toString().lines()).allMatch(line -> OBJECT_FIELD.matcher(line).find());
    assertThat(err.toString().lines().filter(line -> !isSummaryOrNotice(line)))
        .allMatch(
            line ->
                OBJECT_FIELD.matcher(line).find()
                    || WHOLE_FILE.matcher(line).find()
                    || AT_LINE_WITHOUT_OBJECT.matcher(line).find());
  }

  private static boolean isSummaryOrNotice(String line) {
    return line.matches(".*: \\d+ object\\(s\\) checked.*")
        || line.matches("enclavectl: \\d+ error\\(s\\) reading .*")
        || line.endsWith(": unknown field, ignored")
        || line.matches("^[^:]+:\\d+: ignoring .*: not an Enclave kind$");
  }

  /** bench/fuzz of the repository, found by walking up from the working directory. */
  private static Path fuzzDirectory() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isDirectory(dir.resolve("bench/fuzz/seeds"))) {
        return dir.resolve("bench/fuzz");
      }
    }
    throw new IllegalStateException("no bench/fuzz above " + Path.of("").toAbsolutePath());
  }

  private static Stream<Path> list(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return Stream.empty();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.toString().endsWith(".yaml")).toList().stream();
    }
  }
}
