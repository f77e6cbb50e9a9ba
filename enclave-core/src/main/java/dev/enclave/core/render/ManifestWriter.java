package dev.enclave.core.render;

import dev.enclave.api.v1alpha1.TenantCluster;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Writes host objects as deterministic YAML: the same objects give byte-identical output, with no
 * timestamps and map keys sorted.
 *
 * <p>Layout: {@code <outDir>/<tenant namespace>/<tenant name>/NN-<kind>-<name>.yaml}, one object
 * per file, {@code NN} its two-digit 1-based position in apply order and {@code kind} in lower
 * case, e.g. {@code tenants-eu/acme/01-namespace-tc-tenants-eu-acme.yaml}. Files of that pattern
 * left from an earlier render are removed, so the directory always equals the current render.
 */
public final class ManifestWriter {
  private static final Pattern RENDERED = Pattern.compile("\\d{2,}-[a-z0-9]+-.+\\.yaml");

  private ManifestWriter() {}

  /** All objects as one multi-document YAML stream, each document starting with {@code ---}. */
  public static String toYaml(List<? extends HasMetadata> objects) {
    StringBuilder yaml = new StringBuilder();
    for (HasMetadata object : objects) {
      yaml.append("---\n").append(Yaml.write(object));
    }
    return yaml.toString();
  }

  /** Writes one file per object under the tenant's directory; see the class Javadoc. */
  public static void write(Path outDir, TenantCluster tenant, List<? extends HasMetadata> objects) {
    Path dir =
        outDir.resolve(tenant.getMetadata().getNamespace()).resolve(tenant.getMetadata().getName());
    try {
      Files.createDirectories(dir);
      removeEarlierRender(dir);
      List<String> names = fileNames(objects);
      for (int i = 0; i < objects.size(); i++) {
        Files.writeString(
            dir.resolve(names.get(i)), Yaml.write(objects.get(i)), StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write manifests to " + dir, e);
    }
  }

  /** {@code NN-<kind>-<name>.yaml} for each object, in order. */
  public static List<String> fileNames(List<? extends HasMetadata> objects) {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < objects.size(); i++) {
      HasMetadata object = objects.get(i);
      names.add(
          String.format(
              Locale.ROOT,
              "%02d-%s-%s.yaml",
              i + 1,
              object.getKind().toLowerCase(Locale.ROOT),
              object.getMetadata().getName()));
    }
    return names;
  }

  private static void removeEarlierRender(Path dir) throws IOException {
    List<Path> stale;
    try (Stream<Path> files = Files.list(dir)) {
      stale =
          files
              .filter(Files::isRegularFile)
              .filter(p -> RENDERED.matcher(p.getFileName().toString()).matches())
              .toList();
    }
    for (Path file : stale) {
      Files.delete(file);
    }
  }
}
