package dev.enclave.datastore.etcd;

import java.util.List;
import java.util.Objects;

/**
 * How to reach one etcd cluster: its client endpoints ({@code host:port}, HTTPS), the CA that
 * signed its serving certificates, and the client's identity: a client certificate (with {@code
 * --client-cert-auth} etcd takes its CN as the user) and, optionally, a user name and password for
 * etcd's token authentication. {@link #toString} never shows a key or a password.
 */
public record EtcdConnection(
    List<String> endpoints, String caPem, String certPem, String keyPem, String user, String password) {

  public EtcdConnection {
    endpoints = List.copyOf(endpoints);
    if (endpoints.isEmpty()) {
      throw new IllegalArgumentException("an etcd connection needs at least one endpoint");
    }
    Objects.requireNonNull(caPem, "caPem");
  }

  /** Authenticated by a client certificate only. */
  public static EtcdConnection withCertificate(List<String> endpoints, String caPem, String certPem, String keyPem) {
    return new EtcdConnection(endpoints, caPem, certPem, keyPem, null, null);
  }

  /**
   * Plain HTTP endpoints ({@code http://127.0.0.1:PORT}), for a loopback-only test etcd such as the
   * testbed's: no TLS, no client identity.
   */
  public static EtcdConnection plainHttp(List<String> endpoints) {
    return new EtcdConnection(endpoints, "", null, null, null, null);
  }

  /** Whether every endpoint is a plain {@code http://} URL. */
  public boolean plainHttp() {
    return endpoints.stream().allMatch(e -> e.startsWith("http://"));
  }

  /** The same endpoints and trust, as another identity. */
  public EtcdConnection as(String certPem, String keyPem, String user, String password) {
    return new EtcdConnection(endpoints, caPem, certPem, keyPem, user, password);
  }

  @Override
  public String toString() {
    return "etcd " + String.join(",", endpoints) + (user == null ? "" : " as " + user);
  }
}
