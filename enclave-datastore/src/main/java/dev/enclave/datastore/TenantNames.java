package dev.enclave.datastore;

import dev.enclave.api.v1alpha1.TenantCluster;
import dev.enclave.core.controlplane.HostNames;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The names a tenant has inside a shared store, derived from its namespace and name alone, so
 * every reconcile finds the same ones: a PostgreSQL database and role name (readable, at most 63
 * bytes, made unique by a hash of {@code namespace/name}), and an etcd user and role and key prefix.
 */
public final class TenantNames {
  /** PostgreSQL's NAMEDATALEN - 1. */
  public static final int POSTGRES_MAX = 63;

  private static final int HASH_HEX = 10;

  private TenantNames() {}

  /**
   * {@code enclave-<namespace>-<name>} cut to fit, then {@code -} and ten hex digits of
   * SHA-256({@code namespace/name}): namespace {@code a-b} name {@code c} and namespace {@code a}
   * name {@code b-c} read alike but never collide. Only {@code [a-z0-9.-]}: safe in a DSN.
   */
  public static String postgres(TenantCluster tenant) {
    String namespace = tenant.getMetadata().getNamespace();
    String name = tenant.getMetadata().getName();
    String hash = sha256Hex(namespace + "/" + name).substring(0, HASH_HEX);
    String readable = ("enclave-" + namespace + "-" + name).toLowerCase().replaceAll("[^a-z0-9.-]", "-");
    int room = POSTGRES_MAX - HASH_HEX - 1;
    if (readable.length() > room) {
      readable = readable.substring(0, room);
    }
    return readable + "-" + hash;
  }

  /** {@code enclave:<namespace>:<name>}: the etcd user, its role, and its client certificate's CN. */
  public static String etcdUser(TenantCluster tenant) {
    return "enclave:" + tenant.getMetadata().getNamespace() + ":" + tenant.getMetadata().getName();
  }

  /** The tenant's etcd key range: {@link HostNames#etcdPrefix} followed by {@code /}. */
  public static String etcdKeyPrefix(TenantCluster tenant) {
    return HostNames.etcdPrefix(tenant) + "/";
  }

  private static String sha256Hex(String text) {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
