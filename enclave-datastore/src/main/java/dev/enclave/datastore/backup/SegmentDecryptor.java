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
  private SegmentDecryptor() {}

  /** Decrypts every segment of {@code in} into {@code out}; returns the plaintext size. */
  public static long decrypt(
      InputStream in, OutputStream out, SecretKey key, BackupManifest manifest, String where)
      throws IOException {
    byte[] digest = manifest.headerDigest();
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
      byte[] clear = open(sealed, key, SegmentAad.of(digest, index, last), index, last, where);
      out.write(clear);
      plaintext += clear.length;
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

  private static byte[] open(byte[] sealed, SecretKey key, byte[] aad, long index, boolean last, String where) {
    try {
      Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
      gcm.init(
          Cipher.DECRYPT_MODE,
          key,
          new GCMParameterSpec(SegmentAad.TAG_BITS, Arrays.copyOf(sealed, SegmentAad.NONCE_BYTES)));
      gcm.updateAAD(aad);
      return gcm.doFinal(sealed, SegmentAad.NONCE_BYTES, sealed.length - SegmentAad.NONCE_BYTES);
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
