package dev.enclave.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Generated and mutated Enclave documents for the fuzz campaign. Case {@code (seed, index)} is
 * always the same bytes: its random source depends on those two numbers alone, so a failure is
 * reproduced with {@link #caseAt} and nothing else.
 */
final class FuzzDocuments {
  static final String SEEDS = "bench/fuzz/seeds";
  static final List<String> KINDS = List.of("Jurisdiction", "DataStore", "TenantCluster", "AccessGrant");

  /** A seed document as found in {@value #SEEDS}. */
  record Seed(String file, String kind, String name, String namespace, String text, Map<String, Object> tree) {}

  /**
   * One fuzz case.
   *
   * @param origin the seed it mutates, or null for a document generated from scratch
   * @param mutations what was done, for the failure report
   */
  record Case(String id, String kind, Seed origin, String mutations, byte[] bytes) {
    String text() {
      return new String(bytes, StandardCharsets.UTF_8);
    }
  }

  private final List<Seed> seeds;
  private final long seed;

  FuzzDocuments(List<Seed> seeds, long seed) {
    this.seeds = List.copyOf(seeds);
    this.seed = seed;
  }

  List<Seed> seeds() {
    return seeds;
  }

  /** Reads every {@code *.yaml} of {@code dir}, in name order. */
  static List<Seed> readSeeds(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      List<Seed> seeds = new ArrayList<>();
      for (Path file : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
        String text = Files.readString(file);
        Map<String, Object> tree = yaml().load(text);
        Map<?, ?> meta = (Map<?, ?>) tree.get("metadata");
        seeds.add(
            new Seed(
                file.getFileName().toString(),
                (String) tree.get("kind"),
                (String) meta.get("name"),
                (String) meta.get("namespace"),
                text,
                tree));
      }
      return seeds;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the fuzz seeds in " + dir, e);
    }
  }

  /** Case {@code index}: one in eight generated from scratch, the rest mutated seeds. */
  Case caseAt(int index) {
    SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + index);
    String id = seed + "-" + String.format("%05d", index);
    if (random.nextInt(8) == 0) {
      String kind = KINDS.get(random.nextInt(KINDS.size()));
      Map<String, Object> tree = new FuzzValues(random).document(kind);
      return new Case(id, kind, null, "generated", utf8(dump(tree)));
    }
    Seed origin = seeds.get(random.nextInt(seeds.size()));
    return mutate(id, origin, random);
  }

  private static Case mutate(String id, Seed origin, SplittableRandom random) {
    FuzzValues values = new FuzzValues(random);
    if (random.nextInt(5) == 0) {
      String name = TEXT_MUTATIONS.get(random.nextInt(TEXT_MUTATIONS.size()));
      return new Case(id, origin.kind(), origin, name, values.textMutation(name, origin.text()));
    }
    Map<String, Object> tree = FuzzValues.copy(origin.tree());
    List<String> done = new ArrayList<>();
    int count = 1 + random.nextInt(3);
    for (int i = 0; i < count; i++) {
      done.add(values.treeMutation(tree));
    }
    return new Case(id, origin.kind(), origin, String.join(", ", done), utf8(dump(tree)));
  }

  static final List<String> TEXT_MUTATIONS =
      List.of(
          "truncate",
          "duplicate-key",
          "control-character",
          "invalid-utf8",
          "empty-document",
          "tab-indent",
          "alias-bomb",
          "java-tag",
          "binary-tag",
          "unclosed-flow",
          "two-documents",
          "bom",
          "deep-flow-nesting");

  static String dump(Object tree) {
    DumperOptions options = new DumperOptions();
    options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    options.setWidth(Integer.MAX_VALUE);
    options.setSplitLines(false);
    options.setAllowUnicode(true);
    options.setNonPrintableStyle(DumperOptions.NonPrintableStyle.ESCAPE);
    return new Yaml(options).dump(tree);
  }

  /** A permissive reader for seeds and for the API path: duplicates keep the last value. */
  static Yaml yaml() {
    LoaderOptions options = new LoaderOptions();
    options.setNestingDepthLimit(1000);
    options.setMaxAliasesForCollections(50);
    options.setCodePointLimit(20 * 1024 * 1024);
    options.setWarnOnDuplicateKeys(false);
    return new Yaml(options);
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** What a fuzzed value may be: a number far out of range, a string of 100 KiB, and so on. */
  static Object hugeNumber(SplittableRandom random) {
    return switch (random.nextInt(7)) {
      case 0 -> Long.MAX_VALUE;
      case 1 -> Long.MIN_VALUE;
      case 2 -> BigInteger.TEN.pow(40);
      case 3 -> -1;
      case 4 -> 1e308;
      case 5 -> Integer.MAX_VALUE + 1L;
      default -> -0.5;
    };
  }

  static Map<String, Object> map(Object... keysAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }
}
