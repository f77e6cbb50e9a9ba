package dev.enclave.core.render;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The render output directory: {@code OUT/<namespace>/<name>/NN-<kind>-<name>.yaml}. OUT is
 * replaced whole on every run so that it mirrors the platform, but only when it is empty or was
 * written by an earlier render (marked by {@value #MARKER}): a directory of the user's is never
 * deleted.
 */
public final class RenderOutput {
  public static final String MARKER = ".enclave-render";

  private RenderOutput() {}

  /** Why OUT must not be replaced, if it must not. */
  public static Optional<String> refusalToReplace(Path out) {
    if (!Files.exists(out)) {
      return Optional.empty();
    }
    if (!Files.isDirectory(out)) {
      return Optional.of(out + " exists and is not a directory; choose another --out");
    }
    if (Files.exists(out.resolve(MARKER)) || isEmpty(out)) {
      return Optional.empty();
    }
    return Optional.of(
        out + " is not empty and was not written by enclavectl render (no " + MARKER
            + " file); choose an empty or new --out");
  }

  /** Replaces OUT with the rendered tenants; returns the number of manifest files written. */
  public static int write(Path out, List<RenderedTenant> tenants) throws IOException {
    refusalToReplace(out).ifPresent(reason -> {
      throw new IllegalStateException(reason);
    });
    deleteTree(out);
    Files.createDirectories(out);
    Files.writeString(out.resolve(MARKER), "written by enclavectl render; replaced on every run\n");
    int files = 0;
    for (RenderedTenant tenant : tenants) {
      ManifestWriter.write(out, tenant.tenant(), tenant.hostObjects());
      files += tenant.hostObjects().size();
    }
    return files;
  }

  private static boolean isEmpty(Path dir) {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.findAny().isEmpty();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
