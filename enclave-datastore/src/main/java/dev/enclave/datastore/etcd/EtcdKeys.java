package dev.enclave.datastore.etcd;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The keys under one prefix of an etcd cluster: read in pages at one revision (so a prefix being
 * written to is read as it was when the first page was), written in transactions of at most
 * {@link #TXN_OPS} puts (etcd's default {@code --max-txn-ops}), counted and deleted.
 */
public final class EtcdKeys {
  /** etcd's default limit of operations in one transaction. */
  public static final int TXN_OPS = 128;

  /** One key and its value. */
  public record KeyValue(byte[] key, byte[] value) {}

  /** One page of a range read, and where the next one starts (empty once the range is done). */
  public record Page(List<KeyValue> entries, long revision, byte[] next) {
    public boolean last() {
      return next.length == 0;
    }
  }

  private final EtcdClient client;

  public EtcdKeys(EtcdClient client) {
    this.client = client;
  }

  /** The gateway client these keys are read through; {@link EtcdRpc#open} takes the same identity. */
  public EtcdClient client() {
    return client;
  }

  /**
   * Up to {@code limit} keys of {@code [from, end)} in key order at {@code revision} (0: the
   * current one, which the page then reports): one {@link EtcdRpc#range} on a channel of its own.
   * Reading many pages, open one {@link EtcdRpc} and page through it.
   */
  public Page page(byte[] from, byte[] end, int limit, long revision) {
    try (EtcdRpc rpc = EtcdRpc.open(client)) {
      return rpc.range(from, end, limit, revision);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(client.connection() + ": range read failed", e);
    }
  }

  /** The number of keys under {@code prefix}. */
  public long count(byte[] prefix) {
    Map<String, Object> body =
        Map.of(
            "key", EtcdClient.base64(prefix),
            "range_end", EtcdClient.base64(EtcdClient.prefixEnd(prefix)),
            "count_only", true);
    return client.call("kv/range", body).path("count").asLong(0);
  }

  /** Puts every entry, {@link #TXN_OPS} per transaction. */
  public void putAll(List<KeyValue> entries) {
    for (int from = 0; from < entries.size(); from += TXN_OPS) {
      List<Map<String, Object>> success = new ArrayList<>();
      for (KeyValue kv : entries.subList(from, Math.min(entries.size(), from + TXN_OPS))) {
        success.add(
            Map.of(
                "request_put",
                Map.of("key", EtcdClient.base64(kv.key()), "value", EtcdClient.base64(kv.value()))));
      }
      client.call("kv/txn", Map.of("compare", List.of(), "success", success));
    }
  }

  /** Deletes every key under {@code prefix}; returns how many there were. */
  public long deletePrefix(byte[] prefix) {
    Map<String, Object> body =
        Map.of(
            "key", EtcdClient.base64(prefix),
            "range_end", EtcdClient.base64(EtcdClient.prefixEnd(prefix)));
    return client.call("kv/deleterange", body).path("deleted").asLong(0);
  }

  public static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  static byte[] successor(byte[] key) {
    return Arrays.copyOf(key, key.length + 1);
  }
}
