package dev.enclave.datastore.backup;

import java.nio.ByteBuffer;

/**
 * The additional authenticated data of one segment: the manifest's header digest (backup id,
 * tenant, jurisdiction, key...), the segment's index and whether it is the last, so a segment
 * moved, dropped, repeated or taken from another backup fails its tag.
 */
final class SegmentAad {
  static final int NONCE_BYTES = 12;
  static final int TAG_BITS = 128;
  static final int TAG_BYTES = TAG_BITS / 8;

  private SegmentAad() {}

  static byte[] of(byte[] headerDigest, long index, boolean last) {
    return ByteBuffer.allocate(headerDigest.length + Long.BYTES + 1)
        .put(headerDigest)
        .putLong(index)
        .put((byte) (last ? 1 : 0))
        .array();
  }
}
