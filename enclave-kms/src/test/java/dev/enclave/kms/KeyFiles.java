package dev.enclave.kms;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

/** Key files for tests: written 0600, rotated by prepending a line as an operator would. */
final class KeyFiles {
  private KeyFiles() {}

  static Path create(Path dir, String... lines) {
    Path file = dir.resolve("keys");
    write(file, List.of(lines));
    return file;
  }

  static String newKey() {
    return LocalKeyFile.newKeyLine(new SecureRandom());
  }

  /** Prepends a new current key and returns it. */
  static String rotate(Path file) {
    try {
      String key = newKey();
      List<String> lines = new ArrayList<>(Files.readAllLines(file));
      lines.add(0, key);
      write(file, lines);
      return key;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void write(Path file, List<String> lines) {
    try {
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      Files.write(tmp, lines);
      Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
      Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String idOf(String line) {
    return LocalKeyFile.keyIdOf(java.util.Base64.getDecoder().decode(line));
  }
}
