package dev.enclave.bench;

import dev.enclave.cli.EnclaveCtl;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import picocli.CommandLine;

/**
 * {@code bench/run check-render}: {@code enclavectl check} and {@code render} over a generated
 * platform of 1,000 tenant clusters, in process, median of five runs after two warm-ups. The
 * baseline, measured in the same run, is parsing the same YAML with fabric8's plain deserializer
 * and nothing else: the floor any loader has to pay.
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
    double render = median(() -> run("render", platform.toString(), "--out", work.resolve("out").toString()));
    long manifests;
    try (Stream<Path> out = Files.walk(work.resolve("out"))) {
      manifests = out.filter(p -> p.toString().endsWith(".yaml")).count();
    }

    new BenchmarkResult()
        .put("tenants", TENANTS)
        .put("checkSeconds", check)
        .put("renderSeconds", render)
        .put("baselineParseSeconds", baseline)
        .put("checkRatio", check / baseline)
        .put("renderedFiles", manifests)
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

  private static List<Path> yamlFiles(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      return paths.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
  }
}
