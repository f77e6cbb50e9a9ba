package dev.enclave.kms;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The ciphertext this plugin returns, version 1, all lengths big-endian:
 *
 * <pre>
 *   "EK" 0x01                      magic and format version (3 bytes)
 *   u16 n, n bytes                 KEK id, UTF-8
 *   u16 m, m bytes                 the data key as wrapped by that KEK
 *   12 bytes                       AES-GCM nonce
 *   rest                           AES-256-GCM ciphertext and 16-byte tag
 * </pre>
 *
 * The GCM additional data is the magic, version and KEK id ({@link #additionalData}), so a
 * ciphertext moved under another key id or format version fails to open.
 */
public record Envelope(String keyId, byte[] wrappedKey, byte[] nonce, byte[] sealed) {
  static final byte[] MAGIC = {'E', 'K'};
  static final byte VERSION = 1;
  static final int NONCE_BYTES = 12;
  static final int TAG_BYTES = 16;
  /** KMS v2 allows key ids below 1 kB. */
  static final int MAX_KEY_ID_BYTES = 1023;

  public Envelope {
    if (keyId.isEmpty() || keyId.getBytes(StandardCharsets.UTF_8).length > MAX_KEY_ID_BYTES) {
      throw new IllegalArgumentException("key id must be 1 to " + MAX_KEY_ID_BYTES + " bytes");
    }
    if (wrappedKey.length == 0 || wrappedKey.length > 0xFFFF) {
      throw new IllegalArgumentException("wrapped key must be 1 to 65535 bytes");
    }
    if (nonce.length != NONCE_BYTES) {
      throw new IllegalArgumentException("nonce must be " + NONCE_BYTES + " bytes");
    }
  }

  public byte[] encode() {
    byte[] id = keyId.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(MAGIC);
    out.write(VERSION);
    writeLengthPrefixed(out, id);
    writeLengthPrefixed(out, wrappedKey);
    out.writeBytes(nonce);
    out.writeBytes(sealed);
    return out.toByteArray();
  }

  /** Parses a ciphertext; a wrong magic, version or length is an {@link IllegalArgumentException}. */
  public static Envelope decode(byte[] ciphertext) {
    ByteBuffer in = ByteBuffer.wrap(ciphertext);
    if (in.remaining() < 3 || in.get() != MAGIC[0] || in.get() != MAGIC[1]) {
      throw new IllegalArgumentException("not an enclave-kms ciphertext (no EK magic)");
    }
    byte version = in.get();
    if (version != VERSION) {
      throw new IllegalArgumentException(
          "ciphertext format version " + version + " is not supported (this plugin reads " + VERSION + ")");
    }
    String keyId = new String(readLengthPrefixed(in, "key id"), StandardCharsets.UTF_8);
    byte[] wrapped = readLengthPrefixed(in, "wrapped key");
    if (in.remaining() < NONCE_BYTES + TAG_BYTES) {
      throw new IllegalArgumentException("ciphertext is truncated (no nonce and tag)");
    }
    byte[] nonce = new byte[NONCE_BYTES];
    in.get(nonce);
    byte[] sealed = new byte[in.remaining()];
    in.get(sealed);
    return new Envelope(keyId, wrapped, nonce, sealed);
  }

  /** What GCM authenticates besides the ciphertext: magic, version, key id. */
  static byte[] additionalData(String keyId) {
    byte[] id = keyId.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(MAGIC);
    out.write(VERSION);
    writeLengthPrefixed(out, id);
    return out.toByteArray();
  }

  private static void writeLengthPrefixed(ByteArrayOutputStream out, byte[] bytes) {
    out.write((bytes.length >>> 8) & 0xFF);
    out.write(bytes.length & 0xFF);
    out.writeBytes(bytes);
  }

  private static byte[] readLengthPrefixed(ByteBuffer in, String what) {
    if (in.remaining() < 2) {
      throw new IllegalArgumentException("ciphertext is truncated (no " + what + " length)");
    }
    int length = Short.toUnsignedInt(in.getShort());
    if (length == 0 || in.remaining() < length) {
      throw new IllegalArgumentException("ciphertext is truncated or malformed (" + what + ")");
    }
    byte[] bytes = new byte[length];
    in.get(bytes);
    return bytes;
  }
}
