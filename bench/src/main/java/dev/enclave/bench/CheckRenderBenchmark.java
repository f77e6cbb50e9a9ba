package dev.enclave.bench;

import dev.enclave.cli.EnclaveCtl;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import dev.enclave.core.gitops.GitOpsLoader;
import dev.enclave.core.model.Platform;
import dev.enclave.core.render.ManifestWriter;
import dev.enclave.core.render.PlatformRenderer;
import dev.enclave.core.render.RenderedTenant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import picocli.CommandLine;

/**
 * {@code bench/run check-render}: {@code enclavectl check} and {@code render} over a generated
 * platform of 1,000 tenant clusters, in process, median of five runs after two warm-ups. The
 * baselines, measured in the same run: for check, parsing the same YAML with fabric8's plain
 * deserializer and nothing else (the floor any loader pays); for render, replacing a directory
 * with the same files written raw (the floor of the disk). renderInMemorySeconds is render
 * without the disk: building and serializing every tenant's host objects.
 */
public final class CheckRenderBenchmark {
  private static final int TENANTS = 1000;
  private static final int WARMUPS = 2;
  private static final int RUNS = 5;

  public static void main(String[] args) throws Exception {
    Path results = Path.of(args.length > 0 ? args[0] : "bench/results/check-render.json");
    Path work = Files.createTempDirectory("enclave-bench-check-render");
    Path platform = work.resolve("platform");
    PlatformGenerator.write(platform, TENANTS);
    List<Path> files = yamlFiles(platform);

    double baseline = median(() -> parseOnly(files));
    double check = median(() -> run("check", platform.toString()));
    Path out = work.resolve("out");
    double render = median(() -> run("render", platform.toString(), "--out", out.toString()));
    Map<Path, String> rendered = contents(out);
    Path copy = work.resolve("copy");
    double baselineWrite = median(() -> rewrite(copy, rendered));
    Platform loaded = new GitOpsLoader().load(platform).platform();
    double inMemory = median(() -> renderInMemory(loaded));

    new BenchmarkResult()
        .put("tenants", TENANTS)
        .put("checkSeconds", check)
        .put("renderSeconds", render)
        .put("baselineParseSeconds", baseline)
        .put("checkRatio", check / baseline)
        .put("renderInMemorySeconds", inMemory)
        .put("baselineWriteSeconds", baselineWrite)
        .put("renderRatio", render / baselineWrite)
        .put("renderedFiles", rendered.size())
        .put("runs", RUNS)
        .write(results);
  }

  private interface Task {
    void run() throws Exception;
  }

  private static double median(Task task) throws Exception {
    for (int i = 0; i < WARMUPS; i++) {
      task.run();
    }
    double[] seconds = new double[RUNS];
    for (int i = 0; i < RUNS; i++) {
      long start = System.nanoTime();
      task.run();
      seconds[i] = BenchmarkResult.seconds(System.nanoTime() - start);
    }
    Arrays.sort(seconds);
    return seconds[RUNS / 2];
  }

  private static void run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = EnclaveCtl.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int exit = cli.execute(args);
    if (exit != 0) {
      throw new IllegalStateException(
          "enclavectl " + String.join(" ", args) + " exited " + exit + ":\n" + out + err);
    }
  }

  private static void parseOnly(List<Path> files) throws IOException {
    for (Path file : files) {
      for (String document : Files.readString(file).split("(?m)^---\\s*$")) {
        if (!document.isBlank()) {
          Serialization.unmarshal(document);
        }
      }
    }
  }

  /** Builds and serializes every tenant's host objects without touching the disk. */
  private static void renderInMemory(Platform platform) {
    long bytes = 0;
    for (RenderedTenant tenant : PlatformRenderer.render(platform)) {
      bytes += ManifestWriter.toYaml(tenant.hostObjects()).length();
    }
    if (bytes == 0) {
      throw new IllegalStateException("nothing rendered");
    }
  }

  /** The I/O floor of render: replace a directory with the same files, written raw. */
  private static void rewrite(Path root, Map<Path, String> files) throws IOException {
    if (Files.exists(root)) {
      try (Stream<Path> paths = Files.walk(root)) {
        for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
    for (Map.Entry<Path, String> file : files.entrySet()) {
      Path target = root.resolve(file.getKey().toString());
      Files.createDirectories(target.getParent());
      Files.writeString(target, file.getValue());
    }
  }

  private static Map<Path, String> contents(Path root) throws IOException {
    Map<Path, String> files = new TreeMap<>();
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.filter(Files::isRegularFile).toList()) {
        files.put(root.relativize(p), Files.readString(p));
      }
    }
    return files;
  }

  private static List<Path> yamlFiles(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      return paths.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
  }
}
