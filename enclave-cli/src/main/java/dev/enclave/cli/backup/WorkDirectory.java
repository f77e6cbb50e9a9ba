package dev.enclave.cli.backup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.stream.Stream;

/** An owner-only temp directory for a download and its plaintext, deleted with everything in it. */
record WorkDirectory(Path path) implements AutoCloseable {
  static WorkDirectory create() throws IOException {
    return new WorkDirectory(
        Files.createTempDirectory(
            "enclavectl-backup-", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"))));
  }

  @Override
  public void close() {
    try (Stream<Path> all = Files.walk(path)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + path, e);
    }
  }
}
