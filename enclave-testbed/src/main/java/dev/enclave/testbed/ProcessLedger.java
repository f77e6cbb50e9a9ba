package dev.enclave.testbed;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The pids of every process the testbed started, in memory and in a file under the testbed
 * directory. A JVM shutdown hook stops what is still running; at the next start, pids left in the
 * file by a JVM that was killed outright are stopped too, if their command line still names the
 * binary that was recorded (a pid reused by another program is left alone).
 */
public final class ProcessLedger {
  private static final ProcessLedger INSTANCE = new ProcessLedger(Testbed.directory());

  private final Path file;
  private final Map<Long, Path> running = new LinkedHashMap<>();
  private volatile boolean stopping;

  private ProcessLedger(Path directory) {
    this.file = directory.resolve("pids");
    reapLeftovers();
    Runtime.getRuntime().addShutdownHook(new Thread(this::stopAll, "testbed-ledger"));
  }

  public static ProcessLedger instance() {
    return INSTANCE;
  }

  public synchronized void record(long pid, Path binary) {
    running.put(pid, binary);
    write();
  }

  public synchronized void forget(long pid) {
    running.remove(pid);
    write();
  }

  /** The pids started and not yet stopped. */
  public synchronized List<Long> running() {
    return new ArrayList<>(running.keySet());
  }

  /** Whether the JVM is shutting down and the ledger stops what runs: nothing should restart. */
  public boolean stopping() {
    return stopping;
  }

  private synchronized void stopAll() {
    stopping = true;
    for (long pid : running()) {
      ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    }
    running.clear();
    write();
  }

  private void reapLeftovers() {
    if (!Files.exists(file)) {
      return;
    }
    try {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        String[] parts = line.split(" ", 2);
        if (parts.length == 2) {
          long pid = Long.parseLong(parts[0]);
          Optional<ProcessHandle> handle = ProcessHandle.of(pid);
          if (handle.isPresent() && commandOf(pid).startsWith(parts[1])) {
            handle.get().destroyForcibly();
          }
        }
      }
      Files.delete(file);
    } catch (IOException | NumberFormatException e) {
      throw new IllegalStateException("cannot read the testbed's pid ledger " + file, e);
    }
  }

  private static String commandOf(long pid) {
    try {
      return Files.readString(Path.of("/proc", Long.toString(pid), "cmdline")).replace('\0', ' ');
    } catch (IOException e) {
      return "";
    }
  }

  private void write() {
    StringBuilder text = new StringBuilder();
    running.forEach((pid, binary) -> text.append(pid).append(' ').append(binary).append('\n'));
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(
          file,
          text,
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.TRUNCATE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the testbed's pid ledger " + file, e);
    }
  }
}
