package dev.enclave.datastore.backup;

import dev.enclave.datastore.etcd.EtcdClient;
import dev.enclave.datastore.etcd.EtcdKeys;
import dev.enclave.datastore.etcd.EtcdRpc;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * Every key under one tenant's prefix of a shared etcd (e.g. {@code HostNames.etcdPrefix}), read
 * over gRPC ({@link EtcdRpc#range}) in pages at the revision of the first page, written as
 * {@link PrefixRecords}. The prefix is
 * taken as a folder ({@code /enclave/ns/acme/}), so a neighbour {@code acme-two} is never read.
 */
public final class EtcdPrefixSource implements BackupSource {
  private static final int PAGE = 1000;
  /** Pages enough for 100 million keys: the loop is bounded. */
  private static final int MAX_PAGES = 100_000;

  private final EtcdKeys keys;
  private final byte[] prefix;

  public EtcdPrefixSource(EtcdKeys keys, String prefix) {
    this.keys = keys;
    this.prefix = EtcdKeys.utf8(asFolder(prefix));
  }

  /** {@code prefix} ending in a slash: the key space kube-apiserver's --etcd-prefix gives a tenant. */
  static String asFolder(String prefix) {
    return prefix.endsWith("/") ? prefix : prefix + "/";
  }

  @Override
  public SourceKind kind() {
    return SourceKind.ETCD_PREFIX;
  }

  @Override
  public void writeTo(OutputStream out) throws IOException {
    DataOutputStream data = new DataOutputStream(out);
    PrefixRecords.writeHeader(data);
    byte[] from = prefix;
    byte[] end = EtcdClient.prefixEnd(prefix);
    long revision = 0;
    long count = 0;
    try (EtcdRpc rpc = EtcdRpc.open(keys.client())) {
      for (int page = 0; page < MAX_PAGES; page++) {
        EtcdKeys.Page read = rpc.range(from, end, PAGE, revision);
        revision = read.revision();
        for (EtcdKeys.KeyValue kv : read.entries()) {
          PrefixRecords.write(data, Arrays.copyOfRange(kv.key(), prefix.length, kv.key().length), kv.value());
          count++;
        }
        if (read.last()) {
          PrefixRecords.writeEnd(data, count);
          data.flush();
          return;
        }
        from = read.next();
      }
    }
    throw new IOException("etcd prefix " + new String(prefix) + " has more than " + MAX_PAGES + " pages of " + PAGE + " keys");
  }
}
