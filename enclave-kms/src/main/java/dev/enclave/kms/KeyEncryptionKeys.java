package dev.enclave.kms;

/**
 * A source of key-encryption keys (KEKs): wraps and unwraps data keys, never exposes a KEK.
 * Used by the KMS v2 plugin and, as a library, by anything else that envelope-encrypts (backups).
 * Implementations are thread-safe; failures are {@link KeyBackendException}s whose messages name
 * the backend and never carry key material.
 */
public interface KeyEncryptionKeys extends AutoCloseable {

  /** A data key wrapped by the KEK {@code keyId}. */
  record Wrapped(String keyId, byte[] bytes) {}

  /** The id of the KEK new data keys are wrapped with; changes when the KEK is rotated. */
  String currentKeyId();

  /** Wraps {@code dataKey} with the current KEK. */
  Wrapped wrap(byte[] dataKey);

  /** Unwraps a data key wrapped by {@code keyId}, current or older, as long as the backend holds it. */
  byte[] unwrap(String keyId, byte[] wrapped);

  /** "ok" when the backend answers and holds a current KEK, else what is wrong (for healthz). */
  String health();

  @Override
  default void close() {}
}
