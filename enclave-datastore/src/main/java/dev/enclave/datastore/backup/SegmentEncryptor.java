package dev.enclave.datastore.backup;

import java.io.IOException;
import java.io.OutputStream;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Plaintext in, AES-256-GCM segments out: every {@code segmentSize} bytes of plaintext become
 * {@code nonce || ciphertext || tag} with a fresh random nonce and the segment's {@link SegmentAad};
 * {@link #finish} writes the last one (possibly empty). Counts both sizes and digests the
 * ciphertext as it goes. Does not close the stream it writes to.
 */
public final class SegmentEncryptor extends OutputStream {
  private final SecretKey key;
  private final byte[] headerDigest;
  private final OutputStream out;
  private final byte[] buffer;
  /** Nonce, ciphertext and tag of one segment. SunJCE's doFinal into a given array is the path
   * its AES-GCM intrinsics take; the allocating one ran at 90 MB/s here against 6 GB/s. */
  private final byte[] sealed;
  private final SecureRandom random = new SecureRandom();
  private final MessageDigest sha;
  private final Cipher gcm;
  private int filled;
  private long index;
  private long plaintextSize;
  private long ciphertextSize;
  private boolean finished;

  public SegmentEncryptor(SecretKey key, byte[] headerDigest, int segmentSize, OutputStream out) {
    this.key = key;
    this.headerDigest = headerDigest.clone();
    this.out = out;
    this.buffer = new byte[segmentSize];
    this.sealed = new byte[SegmentAad.NONCE_BYTES + segmentSize + SegmentAad.TAG_BYTES];
    try {
      this.sha = MessageDigest.getInstance("SHA-256");
      this.gcm = Cipher.getInstance("AES/GCM/NoPadding");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] bytes, int offset, int length) throws IOException {
    if (finished) {
      throw new IOException("backup segments already finished");
    }
    while (length > 0) {
      if (filled == buffer.length) {
        emit(false);
      }
      int n = Math.min(length, buffer.length - filled);
      System.arraycopy(bytes, offset, buffer, filled, n);
      filled += n;
      offset += n;
      length -= n;
      plaintextSize += n;
    }
  }

  /** Writes the last segment; nothing may be written after. */
  public void finish() throws IOException {
    if (!finished) {
      emit(true);
      finished = true;
      out.flush();
    }
  }

  private void emit(boolean last) throws IOException {
    byte[] nonce = new byte[SegmentAad.NONCE_BYTES];
    random.nextBytes(nonce);
    System.arraycopy(nonce, 0, sealed, 0, nonce.length);
    int length;
    try {
      gcm.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(SegmentAad.TAG_BITS, nonce));
      gcm.updateAAD(SegmentAad.of(headerDigest, index, last));
      length = nonce.length + gcm.doFinal(buffer, 0, filled, sealed, nonce.length);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is unavailable: " + e.getClass().getSimpleName());
    }
    out.write(sealed, 0, length);
    sha.update(sealed, 0, length);
    ciphertextSize += length;
    index++;
    filled = 0;
  }

  public long plaintextSize() {
    return plaintextSize;
  }

  public long ciphertextSize() {
    return ciphertextSize;
  }

  /** Hex SHA-256 of every byte written out; only after {@link #finish}. */
  public String ciphertextSha256() {
    if (!finished) {
      throw new IllegalStateException("segments not finished");
    }
    return HexFormat.of().formatHex(sha.digest());
  }

  /** Finishes; the stream written to stays open. */
  @Override
  public void close() throws IOException {
    finish();
  }
}
