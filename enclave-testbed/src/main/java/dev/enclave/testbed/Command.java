package dev.enclave.testbed;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A short-lived upstream command (kubectl, helm, etcdctl) run to completion with a time limit;
 * its output is captured, and it is killed by pid if it overstays.
 */
public final class Command {
  /** What a finished command printed and returned. */
  public record Result(List<String> command, int exitCode, String stdout, String stderr) {
    public boolean succeeded() {
      return exitCode == 0;
    }

    /** Fails with the command and both streams unless the exit code is 0. */
    public Result requireSuccess() {
      if (exitCode != 0) {
        throw new IllegalStateException(
            String.join(" ", command) + " exited with " + exitCode + "\nstdout:\n" + stdout + "\nstderr:\n" + stderr);
      }
      return this;
    }
  }

  private Command() {}

  public static Result run(Path binary, List<String> args, Map<String, String> env, Duration limit) {
    return run(binary, args, env, limit, null);
  }

  /** Runs {@code binary args...}, feeding {@code stdin} if not null. */
  public static Result run(
      Path binary, List<String> args, Map<String, String> env, Duration limit, String stdin) {
    List<String> command = new ArrayList<>();
    command.add(binary.toString());
    command.addAll(args);
    try {
      Path out = Files.createTempFile("testbed-cmd", ".out");
      Path err = Files.createTempFile("testbed-cmd", ".err");
      try {
        ProcessBuilder builder =
            new ProcessBuilder(command)
                .redirectOutput(out.toFile())
                .redirectError(err.toFile());
        builder.environment().putAll(env);
        Process process = builder.start();
        if (stdin != null) {
          process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        process.getOutputStream().close();
        if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
          process.destroyForcibly().waitFor();
          throw new IllegalStateException(
              String.join(" ", command) + " did not finish within " + limit.toSeconds() + " s");
        }
        return new Result(
            command,
            process.exitValue(),
            Files.readString(out, StandardCharsets.UTF_8),
            Files.readString(err, StandardCharsets.UTF_8));
      } finally {
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + binary, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted running " + binary, e);
    }
  }
}
