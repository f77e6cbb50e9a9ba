package dev.enclave.cli;

import dev.enclave.core.gitops.GitOpsLoader;
import dev.enclave.core.gitops.LoadResult;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;

/** Reads a GitOps directory for a verb: notices and read errors go to stderr. */
final class PlatformInput {
  private PlatformInput() {}

  /** The loaded platform, or empty (after printing why) when the input could not be read. */
  static Optional<LoadResult> load(Path dir, PrintWriter err) {
    LoadResult result = new GitOpsLoader().load(dir);
    result.notices().forEach(n -> err.println(n.format()));
    result.errors().forEach(e -> err.println(e.format()));
    if (!result.readable()) {
      err.printf("enclavectl: %d error(s) reading %s%n", result.errors().size(), dir);
      return Optional.empty();
    }
    return Optional.of(result);
  }
}
