package dev.enclave.datastore.etcd;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * An etcd member's snapshot ({@code Maintenance.Snapshot}) streamed into bytes, as {@code etcdctl
 * snapshot save} writes them: the bbolt database followed by its SHA-256, which {@link #verify}
 * checks.
 */
public final class EtcdSnapshot {

  private EtcdSnapshot() {}

  /** Writes the snapshot to {@code out} over etcd's gRPC API ({@link EtcdRpc#snapshot}); returns its size in bytes. */
  public static long save(EtcdClient client, OutputStream out) throws IOException {
    try (EtcdRpc rpc = EtcdRpc.open(client)) {
      return rpc.snapshot(out);
    }
  }

  /** As {@link #verify(byte[])}, streaming the file. */
  public static boolean verify(java.nio.file.Path snapshot) throws IOException {
    long size = java.nio.file.Files.size(snapshot);
    if (size < 32) {
      return false;
    }
    try (InputStream in = new java.io.BufferedInputStream(java.nio.file.Files.newInputStream(snapshot), 1 << 16)) {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      byte[] chunk = new byte[1 << 16];
      long left = size - 32;
      while (left > 0) {
        int n = in.read(chunk, 0, (int) Math.min(chunk.length, left));
        if (n < 0) {
          return false;
        }
        sha.update(chunk, 0, n);
        left -= n;
      }
      return Arrays.equals(sha.digest(), in.readNBytes(32));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Whether {@code snapshot} ends with the SHA-256 of what precedes it, as etcd appends. */
  public static boolean verify(byte[] snapshot) {
    if (snapshot.length < 32) {
      return false;
    }
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(snapshot, 0, snapshot.length - 32);
      return Arrays.equals(sha.digest(), Arrays.copyOfRange(snapshot, snapshot.length - 32, snapshot.length));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
