package dev.enclave.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Which CPUs a benchmark's processes and threads may run on, set with {@code taskset}, so that the
 * part under test gets a CPU of its own as it would in production: {@code systemCpus} for the
 * tenant control plane (the tenant API server and the syncer, containers of one pod), {@code
 * outsideCpus} for what runs elsewhere in production and is the same in both measurements (the host
 * API server on its control-plane nodes, and the clients that create pods). With one CPU or no
 * {@code taskset}, everything shares every CPU and {@link #describe} says so.
 */
record CpuPlacement(String outsideCpus, String systemCpus, int cores) {
  private static final Path TASKSET = Path.of("/usr/bin/taskset");

  /** CPU 0 outside, CPUs 1..n-1 for the system under test, when the machine allows it. */
  static CpuPlacement split() {
    int cores = Runtime.getRuntime().availableProcessors();
    if (cores < 2 || !Files.isExecutable(TASKSET)) {
      return new CpuPlacement(null, null, cores);
    }
    return new CpuPlacement("0", cores == 2 ? "1" : "1-" + (cores - 1), cores);
  }

  /** Every process on every CPU: for benchmarks that do not isolate the system under test. */
  static CpuPlacement none() {
    return new CpuPlacement(null, null, Runtime.getRuntime().availableProcessors());
  }

  boolean isolated() {
    return outsideCpus != null;
  }

  /** The command prefix that starts a process on the given CPUs (none when not isolated). */
  List<String> prefix(String cpus) {
    List<String> prefix = new ArrayList<>();
    if (cpus != null) {
      prefix.addAll(List.of(TASKSET.toString(), "-c", cpus));
    }
    return prefix;
  }

  /** Moves every thread of this JVM onto the system's CPUs. */
  void pinThisProcess() throws IOException, InterruptedException {
    if (isolated()) {
      taskset("-a", "-p", "-c", systemCpus, Long.toString(ProcessHandle.current().pid()));
    }
  }

  /** Moves every thread of process {@code pid} (a testbed server) onto {@code cpus}. */
  void pinProcess(long pid, String cpus) throws IOException, InterruptedException {
    if (isolated()) {
      taskset("-a", "-p", "-c", cpus, Long.toString(pid));
    }
  }

  /**
   * Moves this JVM's threads whose name starts with {@code prefix} (at most 15 characters, as
   * Linux keeps them) onto the outside CPUs; returns how many it moved.
   */
  int pinThreadsOutside(String prefix) throws IOException, InterruptedException {
    if (!isolated()) {
      return 0;
    }
    List<String> threads = new ArrayList<>();
    try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
      for (Path task : (Iterable<Path>) tasks::iterator) {
        if (Files.readString(task.resolve("comm")).trim().startsWith(prefix)) {
          threads.add(task.getFileName().toString());
        }
      }
    }
    for (String tid : threads) {
      taskset("-p", "-c", outsideCpus, tid);
    }
    return threads.size();
  }

  private static void taskset(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(TASKSET.toString()));
    command.addAll(List.of(args));
    Process taskset =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    if (taskset.waitFor() != 0) {
      throw new IllegalStateException("taskset failed: " + String.join(" ", command));
    }
  }

  String describe() {
    return isolated()
        ? "tenant API server and syncer (the tenant control plane) on CPU " + systemCpus
            + "; host API server and the pod-creating clients on CPU " + outsideCpus
        : "every process on every CPU (taskset or a second CPU missing)";
  }
}
