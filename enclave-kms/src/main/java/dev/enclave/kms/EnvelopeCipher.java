package dev.enclave.kms;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Envelope encryption over a {@link KeyEncryptionKeys}: every {@link #seal} draws a fresh random
 * AES-256 data key and nonce, encrypts with AES-GCM, and keeps only the wrapped data key in the
 * {@link Envelope}. Data keys are never reused: the API server calls Encrypt only when it makes a
 * new DEK seed of its own (at start and on key-id change), so one backend wrap per call is cheap,
 * and no unwrapped key outlives the call that needed it (arrays are zeroed after use).
 */
public final class EnvelopeCipher {
  /** One sealed plaintext and the KEK its data key was wrapped with. */
  public record Sealed(String keyId, byte[] ciphertext) {}

  private static final int DATA_KEY_BYTES = 32;
  private final KeyEncryptionKeys keys;
  private final SecureRandom random;

  public EnvelopeCipher(KeyEncryptionKeys keys, SecureRandom random) {
    this.keys = keys;
    this.random = random;
  }

  public Sealed seal(byte[] plaintext) {
    byte[] dataKey = new byte[DATA_KEY_BYTES];
    random.nextBytes(dataKey);
    try {
      KeyEncryptionKeys.Wrapped wrapped = keys.wrap(dataKey);
      byte[] nonce = new byte[Envelope.NONCE_BYTES];
      random.nextBytes(nonce);
      byte[] sealed = gcm(Cipher.ENCRYPT_MODE, dataKey, nonce, wrapped.keyId(), plaintext);
      Envelope envelope = new Envelope(wrapped.keyId(), wrapped.bytes(), nonce, sealed);
      return new Sealed(wrapped.keyId(), envelope.encode());
    } finally {
      Arrays.fill(dataKey, (byte) 0);
    }
  }

  /**
   * Opens a ciphertext made by {@link #seal} under any KEK the backend still holds.
   *
   * @throws IllegalArgumentException if it is malformed or was altered (the GCM tag fails)
   */
  public byte[] open(byte[] ciphertext) {
    Envelope envelope = Envelope.decode(ciphertext);
    byte[] dataKey = keys.unwrap(envelope.keyId(), envelope.wrappedKey());
    try {
      if (dataKey.length != DATA_KEY_BYTES) {
        throw new IllegalArgumentException("unwrapped data key is not " + DATA_KEY_BYTES + " bytes");
      }
      return gcm(Cipher.DECRYPT_MODE, dataKey, envelope.nonce(), envelope.keyId(), envelope.sealed());
    } finally {
      Arrays.fill(dataKey, (byte) 0);
    }
  }

  /** The key id recorded in a ciphertext, without opening it. */
  public static String keyIdOf(byte[] ciphertext) {
    return Envelope.decode(ciphertext).keyId();
  }

  private static byte[] gcm(int mode, byte[] key, byte[] nonce, String keyId, byte[] input) {
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(
          mode,
          new SecretKeySpec(key, "AES"),
          new GCMParameterSpec(Envelope.TAG_BYTES * 8, nonce));
      cipher.updateAAD(Envelope.additionalData(keyId));
      return cipher.doFinal(input);
    } catch (AEADBadTagException e) {
      throw new IllegalArgumentException("ciphertext failed authentication (altered, or another key)");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available in this JDK", e);
    }
  }
}
