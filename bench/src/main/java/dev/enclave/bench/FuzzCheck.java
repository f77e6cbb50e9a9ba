package dev.enclave.bench;

import dev.enclave.cli.EnclaveCtl;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * One fuzz case through {@code enclavectl check}, in-process: the case's file beside the seed
 * platform it refers to (every seed but the one it mutates), in a directory of its own worker.
 */
final class FuzzCheck {
  static final String CASE_FILE = "zz-case.yaml";
  static final String PLATFORM_FILE = "platform.yaml";

  /** {@code KIND/NAME: FIELD.PATH: }, the field being one of the object's top-level keys. */
  private static final Pattern OBJECT_FIELD =
      Pattern.compile(": [A-Z][A-Za-z]*/.*?: (apiVersion|kind|metadata|spec|status)([.\\[].*?)?: ");

  private static final Pattern WHOLE_FILE =
      Pattern.compile("^[^:]+: (malformed YAML|not valid UTF-8|file larger than)");
  private static final Pattern AT_LINE = Pattern.compile("^[^:]+:[1-9][0-9]*: ");
  private static final Pattern STACK_TRACE =
      Pattern.compile("(\\tat [\\w$.]+\\(|^\\s*at [\\w$.]+\\(|Exception in thread|^[\\w.]+(Exception|Error)(: |$)|Caused by: )", Pattern.MULTILINE);

  private final Path dir;
  private final List<FuzzDocuments.Seed> seeds;

  FuzzCheck(Path dir, List<FuzzDocuments.Seed> seeds) {
    this.dir = dir;
    this.seeds = seeds;
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  FuzzOutcome run(FuzzDocuments.Case c) {
    try {
      Files.writeString(dir.resolve(PLATFORM_FILE), platformWithout(c.origin()));
      Files.write(dir.resolve(CASE_FILE), c.bytes());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write fuzz case " + c.id(), e);
    }
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit;
    try {
      CommandLine cli = new CommandLine(new EnclaveCtl());
      cli.setOut(new PrintWriter(out, true));
      cli.setErr(new PrintWriter(err, true));
      exit = cli.execute("check", dir.toString());
    } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
      return FuzzOutcome.crash("check threw " + e);
    }
    return classify(exit, out.toString(), err.toString());
  }

  /** Classifies the output of {@code check}; public to the test's twin, the rules are the same. */
  static FuzzOutcome classify(int exit, String out, String err) {
    if (STACK_TRACE.matcher(out).find() || STACK_TRACE.matcher(err).find()) {
      return FuzzOutcome.crash("stack trace in output (exit " + exit + "): " + firstLines(out + err));
    }
    if (exit == EnclaveCtl.OK) {
      return FuzzOutcome.accepted();
    }
    if (exit != EnclaveCtl.VIOLATIONS && exit != EnclaveCtl.UNREADABLE) {
      return FuzzOutcome.crash("exit code " + exit + ": " + firstLines(out + err));
    }
    for (String line : out.lines().toList()) {
      if (!OBJECT_FIELD.matcher(line).find()) {
        return FuzzOutcome.unnamed("violation without a field path: " + line);
      }
    }
    for (String line : err.lines().toList()) {
      if (isSummaryOrNotice(line)) {
        continue;
      }
      boolean named =
          OBJECT_FIELD.matcher(line).find()
              || WHOLE_FILE.matcher(line).find()
              || (AT_LINE.matcher(line).find() && !hasObjectWithoutField(line));
      if (!named) {
        return FuzzOutcome.unnamed("error without a field path or line: " + line);
      }
    }
    return FuzzOutcome.rejected();
  }

  private static boolean isSummaryOrNotice(String line) {
    return line.matches(".*: \\d+ object\\(s\\) checked.*")
        || line.startsWith("enclavectl: ") && line.matches("enclavectl: \\d+ error\\(s\\) reading .*")
        || line.endsWith(": unknown field, ignored")
        || line.matches("^[^:]+:\\d+: ignoring .*: not an Enclave kind$");
  }

  /** {@code FILE:LINE: KIND/NAME: message} with no field path between. */
  private static boolean hasObjectWithoutField(String line) {
    return line.matches("^[^:]+:\\d+: [A-Z][A-Za-z]*/[^:]*: .*") && !OBJECT_FIELD.matcher(line).find();
  }

  private String platformWithout(FuzzDocuments.Seed origin) {
    StringBuilder text = new StringBuilder();
    for (FuzzDocuments.Seed seed : seeds) {
      if (seed != origin) {
        text.append("---\n").append(seed.text()).append('\n');
      }
    }
    return text.toString();
  }

  private static String firstLines(String text) {
    return text.lines().limit(3).map(l -> l.length() > 300 ? l.substring(0, 300) + "..." : l).toList().toString();
  }
}
