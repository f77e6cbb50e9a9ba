package dev.enclave.datastore.etcd;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Map;

/**
 * An etcd member's snapshot ({@code maintenance/snapshot}) streamed from the gateway's
 * newline-delimited JSON messages into bytes, as {@code etcdctl snapshot save} writes them: the
 * bbolt database followed by its SHA-256, which {@link #verify} checks.
 */
public final class EtcdSnapshot {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** More messages than a snapshot of etcd's maximum size (8 GiB) in the gateway's 32 KiB blobs. */
  private static final long MAX_MESSAGES = 1L << 20;

  private EtcdSnapshot() {}

  /** Writes the snapshot to {@code out}; returns its size in bytes. */
  public static long save(EtcdClient client, OutputStream out) throws IOException {
    long size = 0;
    long messages = 0;
    try (InputStream in = client.stream("maintenance/snapshot", Map.of());
        JsonParser parser = JSON.getFactory().createParser(in)) {
      while (parser.nextToken() == JsonToken.START_OBJECT) {
        if (++messages > MAX_MESSAGES) {
          throw new IOException(client.connection() + ": snapshot has more than " + MAX_MESSAGES + " messages");
        }
        JsonNode message = JSON.readTree(parser);
        if (message.has("error")) {
          throw new EtcdException(
              client.connection() + ": snapshot failed: " + message.path("error").path("message").asText(), -1);
        }
        byte[] blob = EtcdClient.bytes(message.path("result").path("blob"));
        out.write(blob);
        size += blob.length;
        if (message.path("result").path("remaining_bytes").asLong(-1) == 0) {
          break;
        }
      }
    }
    return size;
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
