package dev.enclave.datastore.backup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A backup downloaded and decrypted with every check passed: its manifest and plaintext file, deleted on close. */
public record VerifiedBackup(BackupManifest manifest, Path plaintext) implements AutoCloseable {
  @Override
  public void close() {
    try {
      Files.deleteIfExists(plaintext);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete the decrypted backup " + plaintext, e);
    }
  }
}
