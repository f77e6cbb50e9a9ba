package dev.enclave.cli;

import dev.enclave.testbed.Await;
import dev.enclave.testbed.Command;
import dev.enclave.testbed.Components;
import dev.enclave.testbed.Testbed;
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
import java.util.function.BooleanSupplier;

/**
 * {@code enclavectl playground} as its own process, as a user runs it, its output in a file; and
 * kubectl and enclavectl against the kubeconfig and hosts file it writes. Closing it stops the
 * playground (which stops every process it started by pid) and waits until each is gone.
 */
final class PlaygroundProcess implements AutoCloseable {
  private final Process process;
  private final Path state;
  private final Path kubeconfig;
  private final Path output;
  private final Path kubectl;

  private PlaygroundProcess(Process process, Path state, Path output) {
    this.process = process;
    this.state = state;
    this.kubeconfig = state.resolve("kubeconfig");
    this.output = output;
    this.kubectl = Components.fromEnvironment().kubernetes("1.37.2", "kubectl");
  }

  /** Starts {@code playground --kubeconfig-out=<state>/kubeconfig ARGS...}, its output to {@code output}. */
  static PlaygroundProcess start(Path state, Path output, String... args) throws IOException {
    Files.createDirectories(state);
    Path root = Testbed.repoRoot();
    List<String> command = new ArrayList<>(List.of(java(), "-Denclave.repoRoot=" + root, "-cp", classpath(),
        "dev.enclave.cli.EnclaveCtl", "playground", "--kubeconfig-out=" + state.resolve("kubeconfig")));
    command.addAll(List.of(args));
    Process process =
        new ProcessBuilder(command)
            .directory(root.toFile())
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
    return new PlaygroundProcess(process, state, output);
  }

  Path state() {
    return state;
  }

  Path kubeconfig() {
    return kubeconfig;
  }

  Path output() {
    return output;
  }

  Path kubectlBinary() {
    return kubectl;
  }

  Process process() {
    return process;
  }

  /** Polls {@code condition} once a second, failing at once if the playground exited. */
  void await(String what, Duration limit, BooleanSupplier condition) {
    Await.until(what, limit, Duration.ofSeconds(1), () -> {
      if (!process.isAlive()) {
        throw new AssertionError("the playground exited: " + tail());
      }
      return condition.getAsBoolean();
    }, this::tail);
  }

  Command.Result kubectl(String context, String... args) {
    List<String> all = new ArrayList<>(List.of("--kubeconfig=" + kubeconfig, "--context=" + context));
    all.addAll(List.of(args));
    return Command.run(kubectl, all, Map.of(), Duration.ofSeconds(60));
  }

  /** enclavectl as its own process, resolving names through the playground's hosts file. */
  Command.Result enclavectl(Duration limit, String... args) {
    List<String> all = new ArrayList<>(List.of("-Djdk.net.hosts.file=" + state.resolve("hosts"), "-cp", classpath(),
        "dev.enclave.cli.EnclaveCtl"));
    all.addAll(List.of(args));
    return Command.run(Path.of(java()), all, Map.of(), limit);
  }

  /** The last 30 lines of the playground's output. */
  String tail() {
    List<String> lines = read(output).lines().toList();
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
  }

  static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  @Override
  public void close() throws InterruptedException {
    List<Long> children = process.descendants().map(ProcessHandle::pid).toList();
    process.destroy();
    if (!process.waitFor(90, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
    Await.until("every process the playground started gone", Duration.ofSeconds(30),
        () -> children.stream().noneMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)),
        () -> "still running: " + children.stream().filter(pid -> ProcessHandle.of(pid).isPresent()).toList());
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static String classpath() {
    Path root = Testbed.repoRoot();
    try {
      return root.resolve("enclave-cli/target/enclave-cli.jar") + ":"
          + Files.readString(root.resolve("enclave-cli/target/classpath.txt")).trim();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
