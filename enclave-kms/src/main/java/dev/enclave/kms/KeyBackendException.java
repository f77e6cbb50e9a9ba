package dev.enclave.kms;

/** A key backend refused or could not be reached; the message never carries key material. */
public final class KeyBackendException extends RuntimeException {
  public KeyBackendException(String message) {
    super(message);
  }

  public KeyBackendException(String message, Throwable cause) {
    super(message, cause);
  }
}
