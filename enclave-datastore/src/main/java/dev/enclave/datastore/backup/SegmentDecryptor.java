package dev.enclave.datastore.backup;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PushbackInputStream;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * AES-256-GCM segments in, plaintext out, each segment's tag checked against its index and
 * last-segment flag: a tampered, reordered, spliced or truncated ciphertext is refused at the
 * first segment that does not verify, and nothing after it is written.
 */
public final class SegmentDecryptor {
  /** A manifest claiming larger segments is refused before anything is allocated for them. */
  static final int MAX_SEGMENT_SIZE = 64 << 20;

  private SegmentDecryptor() {}

  /** Decrypts every segment of {@code in} into {@code out}; returns the plaintext size. */
  public static long decrypt(
      InputStream in, OutputStream out, SecretKey key, BackupManifest manifest, String where)
      throws IOException {
    byte[] digest = manifest.headerDigest();
    if (manifest.segmentSize() <= 0 || manifest.segmentSize() > MAX_SEGMENT_SIZE) {
      throw new BackupRefusedException(
          where + ": manifest field segmentSize is " + manifest.segmentSize() + "; allowed: 1 to " + MAX_SEGMENT_SIZE);
    }
    // Decrypted into one buffer: SunJCE's doFinal into a given array takes its AES-GCM intrinsics.
    byte[] clear = new byte[manifest.segmentSize() + SegmentAad.TAG_BYTES];
    Cipher gcm = cipher(where);
    int sealedMax = SegmentAad.NONCE_BYTES + manifest.segmentSize() + SegmentAad.TAG_BYTES;
    long maxSegments = manifest.ciphertextSize() / (SegmentAad.NONCE_BYTES + SegmentAad.TAG_BYTES) + 1;
    PushbackInputStream source = new PushbackInputStream(in, 1);
    long plaintext = 0;
    for (long index = 0; index < maxSegments; index++) {
      byte[] sealed = source.readNBytes(sealedMax);
      boolean last = sealed.length < sealedMax || atEnd(source);
      if (sealed.length < SegmentAad.NONCE_BYTES + SegmentAad.TAG_BYTES) {
        throw new BackupRefusedException(
            where + ": segment " + index + " is " + sealed.length + " bytes, shorter than a nonce and a tag (truncated)");
      }
      int length = open(gcm, sealed, clear, key, SegmentAad.of(digest, index, last), index, last, where);
      out.write(clear, 0, length);
      plaintext += length;
      if (last) {
        return plaintext;
      }
    }
    throw new BackupRefusedException(where + ": more than " + maxSegments + " segments for its manifest's ciphertextSize");
  }

  private static boolean atEnd(PushbackInputStream in) throws IOException {
    int next = in.read();
    if (next < 0) {
      return true;
    }
    in.unread(next);
    return false;
  }

  private static Cipher cipher(String where) {
    try {
      return Cipher.getInstance("AES/GCM/NoPadding");
    } catch (GeneralSecurityException e) {
      throw new BackupRefusedException(where + ": AES-GCM is unavailable: " + e.getClass().getSimpleName());
    }
  }

  private static int open(
      Cipher gcm, byte[] sealed, byte[] clear, SecretKey key, byte[] aad, long index, boolean last, String where) {
    try {
      gcm.init(
          Cipher.DECRYPT_MODE,
          key,
          new GCMParameterSpec(SegmentAad.TAG_BITS, Arrays.copyOf(sealed, SegmentAad.NONCE_BYTES)));
      gcm.updateAAD(aad);
      return gcm.doFinal(sealed, SegmentAad.NONCE_BYTES, sealed.length - SegmentAad.NONCE_BYTES, clear, 0);
    } catch (AEADBadTagException e) {
      throw new BackupRefusedException(
          where + ": segment " + index + (last ? " (the last)" : "")
              + " fails its AES-GCM tag: the data was altered, truncated, reordered, taken from"
              + " another backup, or its manifest was edited");
    } catch (GeneralSecurityException e) {
      throw new BackupRefusedException(where + ": cannot decrypt segment " + index + ": " + e.getClass().getSimpleName());
    }
  }
}
