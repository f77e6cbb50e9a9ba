package dev.enclave.datastore.backup;

import dev.enclave.datastore.etcd.EtcdKeys;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * Puts an etcd-prefix backup's keys back under a prefix, refusing a prefix that already holds keys
 * unless told to replace them (then they are deleted first).
 */
public final class EtcdPrefixRestore implements RestoreSink {
  private final EtcdKeys keys;
  private final String prefix;
  private final boolean replace;

  public EtcdPrefixRestore(EtcdKeys keys, String prefix, boolean replace) {
    this.keys = keys;
    this.prefix = EtcdPrefixSource.asFolder(prefix);
    this.replace = replace;
  }

  @Override
  public SourceKind kind() {
    return SourceKind.ETCD_PREFIX;
  }

  /** Refuses a non-empty prefix (unless replacing); called before anything is downloaded. */
  @Override
  public void checkTarget() {
    long present = keys.count(EtcdKeys.utf8(prefix));
    if (present > 0 && !replace) {
      throw new BackupRefusedException(
          "etcd prefix " + prefix + " already holds " + present + " keys; restore into an empty prefix"
              + " or ask to replace it");
    }
  }

  @Override
  public void restoreFrom(InputStream plaintext) throws IOException {
    checkTarget();
    byte[] base = EtcdKeys.utf8(prefix);
    if (replace) {
      keys.deletePrefix(base);
    }
    PrefixRecords.read(new DataInputStream(plaintext), EtcdKeys.TXN_OPS, batch -> keys.putAll(absolute(base, batch)));
  }

  private static List<EtcdKeys.KeyValue> absolute(byte[] base, List<EtcdKeys.KeyValue> batch) {
    return batch.stream()
        .map(kv -> {
          byte[] key = new byte[base.length + kv.key().length];
          System.arraycopy(base, 0, key, 0, base.length);
          System.arraycopy(kv.key(), 0, key, base.length, kv.key().length);
          return new EtcdKeys.KeyValue(key, kv.value());
        })
        .toList();
  }
}
