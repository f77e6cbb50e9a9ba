package dev.enclave.datastore.backup;

import dev.enclave.datastore.etcd.EtcdKeys.KeyValue;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * The plaintext of an etcd-prefix backup: a magic line, then {@code int keyLength, key, int
 * valueLength, value} per key (keys relative to the prefix), then {@code -1} and the record
 * count, so a short stream is never mistaken for a whole one.
 */
final class PrefixRecords {
  static final byte[] MAGIC = "enclave-etcd-prefix/1\n".getBytes(StandardCharsets.US_ASCII);
  /** etcd's default maximum request size: no key or value is larger. */
  static final int MAX_FIELD = 2 << 20;

  private PrefixRecords() {}

  static void writeHeader(DataOutputStream out) throws IOException {
    out.write(MAGIC);
  }

  static void write(DataOutputStream out, byte[] relativeKey, byte[] value) throws IOException {
    out.writeInt(relativeKey.length);
    out.write(relativeKey);
    out.writeInt(value.length);
    out.write(value);
  }

  static void writeEnd(DataOutputStream out, long count) throws IOException {
    out.writeInt(-1);
    out.writeLong(count);
  }

  /** Reads every record, handing them over in batches of {@code batch}; returns the count. */
  static long read(DataInputStream in, int batch, Consumer<List<KeyValue>> sink) throws IOException {
    byte[] magic = in.readNBytes(MAGIC.length);
    if (!Arrays.equals(magic, MAGIC)) {
      throw new BackupRefusedException("backup plaintext does not start with " + new String(MAGIC, StandardCharsets.US_ASCII).strip());
    }
    List<KeyValue> pending = new ArrayList<>(batch);
    long count = 0;
    while (true) {
      int keyLength = in.readInt();
      if (keyLength == -1) {
        break;
      }
      byte[] key = field(in, keyLength, "key", count);
      byte[] value = field(in, in.readInt(), "value", count);
      pending.add(new KeyValue(key, value));
      count++;
      if (pending.size() == batch) {
        sink.accept(List.copyOf(pending));
        pending.clear();
      }
    }
    long declared = in.readLong();
    if (declared != count) {
      throw new BackupRefusedException("backup plaintext declares " + declared + " records but holds " + count);
    }
    if (!pending.isEmpty()) {
      sink.accept(List.copyOf(pending));
    }
    return count;
  }

  private static byte[] field(DataInputStream in, int length, String what, long record) throws IOException {
    if (length < 0 || length > MAX_FIELD) {
      throw new BackupRefusedException(
          "backup record " + record + ": " + what + " length " + length + "; allowed: 0.." + MAX_FIELD);
    }
    return in.readNBytes(length);
  }
}
