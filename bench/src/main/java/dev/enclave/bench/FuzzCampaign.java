package dev.enclave.bench;

import dev.enclave.testbed.Testbed;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Issue 16's fuzz campaign: generated and mutated Enclave documents through {@code enclavectl
 * check} and through a real kube-apiserver with Enclave's CRDs and admission webhook (server-side
 * dry run), and hostile pods through the syncer's translation. No path may crash, print a stack
 * trace or answer 5xx, and every rejection must name a field. Failing cases are written to {@value
 * #REGRESSIONS}.
 *
 * <p>{@code FuzzCampaign CASES SEED [check|api|pods ...]}: run it alone, see bench/README.md.
 */
public final class FuzzCampaign {
  static final String REGRESSIONS = "bench/fuzz/regressions";
  static final int MAX_FAILURES_LISTED = 20;
  static final int CHECK_THREADS = 2;

  /** Counts of one path. */
  record Tally(int cases, int accepted, int rejected, int unnamed, int crashes, int skipped, double seconds) {
    static Tally of(List<FuzzOutcome> outcomes, double seconds) {
      int[] counts = new int[FuzzOutcome.Kind.values().length];
      outcomes.forEach(o -> counts[o.kind().ordinal()]++);
      return new Tally(
          outcomes.size() - counts[FuzzOutcome.Kind.SKIPPED.ordinal()],
          counts[FuzzOutcome.Kind.ACCEPTED.ordinal()],
          counts[FuzzOutcome.Kind.REJECTED.ordinal()],
          counts[FuzzOutcome.Kind.UNNAMED.ordinal()],
          counts[FuzzOutcome.Kind.CRASH.ordinal()],
          counts[FuzzOutcome.Kind.SKIPPED.ordinal()],
          seconds);
    }

    static final Tally NONE = new Tally(0, 0, 0, 0, 0, 0, 0);

    @Override
    public String toString() {
      return String.format(
          "%d cases: %d accepted, %d rejected naming a field, %d rejected without a field, %d crashes, %d not sent; %.1f s",
          cases, accepted, rejected, unnamed, crashes, skipped, seconds);
    }
  }

  /** The campaign's counts; {@code failures} lists the first failing cases with their ids. */
  record Result(int cases, Tally check, Tally api, Tally pods, List<String> failures) {
    int checkCases() {
      return check.cases();
    }

    int apiCases() {
      return api.cases();
    }

    int podCases() {
      return pods.cases();
    }

    int accepted() {
      return check.accepted() + api.accepted() + pods.accepted();
    }

    int rejected() {
      return check.rejected() + api.rejected() + pods.rejected();
    }

    int rejectionsWithoutField() {
      return check.unnamed() + api.unnamed() + pods.unnamed();
    }

    int crashes() {
      return check.crashes() + api.crashes() + pods.crashes();
    }
  }

  private FuzzCampaign() {}

  /** Every path, {@code cases} documents (and as many hostile pods) from {@code seed}. */
  static Result run(int cases, long seed, Path workDir) {
    return run(cases, seed, workDir, List.of("check", "api", "pods"));
  }

  static Result run(int cases, long seed, Path workDir, List<String> paths) {
    Path root = Testbed.repoRoot();
    FuzzDocuments documents =
        new FuzzDocuments(FuzzDocuments.readSeeds(root.resolve(FuzzDocuments.SEEDS)), seed);
    List<String> failures = Collections.synchronizedList(new ArrayList<>());
    Regressions regressions = new Regressions(root.resolve(REGRESSIONS), failures);
    Tally check = Tally.NONE;
    Tally api = Tally.NONE;
    Tally pods = Tally.NONE;
    if (paths.contains("check")) {
      List<FuzzCheck> workers = new ArrayList<>();
      for (int t = 0; t < CHECK_THREADS; t++) {
        workers.add(new FuzzCheck(workDir.resolve("check-" + t), documents.seeds()));
      }
      check =
          runAll(cases, CHECK_THREADS, (worker, i) -> {
            FuzzDocuments.Case c = documents.caseAt(i);
            FuzzOutcome outcome = workers.get(worker).run(c);
            regressions.record("check", c.id(), outcome, c.bytes());
            return outcome;
          });
    }
    if (paths.contains("api")) {
      try (FuzzApi target = FuzzApi.start(documents.seeds(), workDir.resolve("api"))) {
        api =
            runAll(cases, FuzzApi.THREADS, (worker, i) -> {
              FuzzDocuments.Case c = documents.caseAt(i);
              FuzzOutcome outcome = target.submit(c);
              regressions.record("api", c.id(), outcome, c.bytes());
              return outcome;
            });
      }
    }
    if (paths.contains("pods")) {
      FuzzPods hostile = new FuzzPods(seed);
      pods =
          runAll(cases, CHECK_THREADS, (worker, i) -> {
            FuzzPods.Case c = hostile.caseAt(i);
            FuzzOutcome outcome = FuzzPods.translate(c);
            regressions.record("pods", c.id(), outcome, c.yaml().getBytes(StandardCharsets.UTF_8));
            return outcome;
          });
    }
    return new Result(cases, check, api, pods, List.copyOf(failures));
  }

  interface Step {
    FuzzOutcome run(int worker, int index);
  }

  private static Tally runAll(int cases, int threads, Step step) {
    long start = System.nanoTime();
    FuzzOutcome[] outcomes = new FuzzOutcome[cases];
    AtomicInteger next = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> running = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int worker = t;
        running.add(
            pool.submit(
                () -> {
                  for (int i = next.getAndIncrement(); i < cases; i = next.getAndIncrement()) {
                    outcomes[i] = step.run(worker, i);
                  }
                }));
      }
      for (Future<?> f : running) {
        f.get();
      }
    } catch (Exception e) {
      throw new IllegalStateException("the fuzz campaign itself failed", e);
    } finally {
      pool.shutdownNow();
    }
    return Tally.of(List.of(outcomes), BenchmarkResult.seconds(System.nanoTime() - start));
  }

  /** Failing cases, kept as files for {@code FuzzRegressionsTest} and listed in the result. */
  private record Regressions(Path dir, List<String> failures) {
    void record(String path, String id, FuzzOutcome outcome, byte[] document) {
      if (!outcome.failed()) {
        return;
      }
      String line = path + " " + id + " " + outcome.kind() + ": " + outcome.detail();
      synchronized (failures) {
        if (failures.size() < MAX_FAILURES_LISTED) {
          failures.add(line.length() > 500 ? line.substring(0, 500) + "..." : line);
        }
      }
      try {
        Files.createDirectories(dir);
        String why = ("# fuzz " + line).replaceAll("[\\r\\n\\u0085\\u2028\\u2029]", " ");
        byte[] header = ((why.length() > 400 ? why.substring(0, 400) : why) + "\n").getBytes(StandardCharsets.UTF_8);
        byte[] file = new byte[header.length + document.length];
        System.arraycopy(header, 0, file, 0, header.length);
        System.arraycopy(document, 0, file, header.length, document.length);
        Files.write(dir.resolve(path + "-" + id + ".yaml"), file);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot keep the failing case " + id, e);
      }
    }
  }

  public static void main(String[] args) throws IOException {
    int cases = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    long seed = args.length > 1 ? Long.parseLong(args[1]) : 42;
    List<String> paths = args.length > 2 ? List.of(args).subList(2, args.length) : List.of("check", "api", "pods");
    Path work = Testbed.directory().resolve("fuzz-work");
    Files.createDirectories(work);
    long start = System.nanoTime();
    Result result = run(cases, seed, work, paths);
    System.out.printf("fuzz campaign: %d cases from seed %d%n", result.cases(), seed);
    System.out.println("  check: " + result.check());
    System.out.println("  api:   " + result.api());
    System.out.println("  pods:  " + result.pods());
    System.out.printf(
        "  total: %d accepted, %d rejected, %d rejected without a field, %d crashes; %.1f s%n",
        result.accepted(), result.rejected(), result.rejectionsWithoutField(), result.crashes(),
        BenchmarkResult.seconds(System.nanoTime() - start));
    result.failures().forEach(f -> System.out.println("  FAIL " + f));
    System.exit(result.crashes() + result.rejectionsWithoutField() == 0 ? 0 : 1);
  }
}
