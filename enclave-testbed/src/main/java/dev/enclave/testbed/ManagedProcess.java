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
 * One upstream process the testbed started: its command line in one visible place, its output in a
 * log file, stopped by its pid (SIGTERM, then SIGKILL after a grace period). Every process is
 * recorded in the {@link ProcessLedger}, so a JVM killed before it could stop them leaves nothing
 * running after the next start.
 */
public final class ManagedProcess implements AutoCloseable {
  private static final Duration GRACE = Duration.ofSeconds(5);

  private final String name;
  private final Process process;
  private final Path log;
  private final Path binary;
  private final List<String> args;
  private final Map<String, String> env;

  private ManagedProcess(
      String name, Process process, Path log, Path binary, List<String> args, Map<String, String> env) {
    this.name = name;
    this.process = process;
    this.log = log;
    this.binary = binary;
    this.args = List.copyOf(args);
    this.env = Map.copyOf(env);
  }

  /** Starts {@code binary args...} with its output appended to {@code log}. */
  public static ManagedProcess start(
      String name, Path binary, List<String> args, Map<String, String> env, Path log) {
    List<String> command = new ArrayList<>();
    command.add(binary.toString());
    command.addAll(args);
    try {
      Files.createDirectories(log.getParent());
      Files.writeString(
          log,
          "# " + String.join(" ", command) + "\n",
          StandardCharsets.UTF_8,
          java.nio.file.StandardOpenOption.CREATE,
          java.nio.file.StandardOpenOption.APPEND);
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
      builder.environment().putAll(env);
      Process process = builder.start();
      ProcessLedger.instance().record(process.pid(), binary);
      return new ManagedProcess(name, process, log, binary, args, env);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name + " (" + binary + ")", e);
    }
  }

  /** Stops this process and starts the same command line again, appending to the same log. */
  public ManagedProcess restart() {
    close();
    return start(name, binary, args, env, log);
  }

  public String name() {
    return name;
  }

  public long pid() {
    return process.pid();
  }

  public Path log() {
    return log;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Fails with the tail of the log if the process has exited. */
  public void requireAlive() {
    if (!process.isAlive()) {
      throw new IllegalStateException(
          name + " exited with code " + process.exitValue() + "; last lines of " + log + ":\n"
              + tail(40));
    }
  }

  /** The last {@code lines} lines of the process's log. */
  public String tail(int lines) {
    try {
      List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException | UncheckedIOException e) {
      return "(log unreadable: " + e.getMessage() + ")";
    }
  }

  /** SIGKILL at once, as a crash; returns once the process is gone. */
  public void kill() {
    process.destroyForcibly();
    try {
      process.waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    ProcessLedger.instance().forget(process.pid());
  }

  /** The exit code once the process has ended; empty while it runs. */
  public java.util.OptionalInt exitCode() {
    return process.isAlive() ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(process.exitValue());
  }

  /** SIGTERM, then SIGKILL after the grace period; returns once the process is gone. */
  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroy();
      try {
        if (!process.waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
          process.destroyForcibly();
          process.waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS);
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
    ProcessLedger.instance().forget(process.pid());
  }

  @Override
  public String toString() {
    return name + " (pid " + pid() + ")";
  }
}
