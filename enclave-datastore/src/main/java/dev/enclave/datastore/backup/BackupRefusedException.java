package dev.enclave.datastore.backup;

/** A backup or restore that Enclave refuses, with a message naming what was found and expected. */
public final class BackupRefusedException extends RuntimeException {
  public BackupRefusedException(String message) {
    super(message);
  }

  public BackupRefusedException(String message, Throwable cause) {
    super(message, cause);
  }
}
