package dev.enclave.datastore.etcd;

/**
 * A refusal or failure of an etcd cluster, with etcd's own message and the endpoint it came from;
 * never a credential. {@link #code} is etcd's gRPC status code (7 permission denied, 16
 * unauthenticated, ...) or -1 when no endpoint answered.
 */
public final class EtcdException extends RuntimeException {
  private final int code;

  public EtcdException(String message, int code) {
    super(message);
    this.code = code;
  }

  public int code() {
    return code;
  }

  public boolean permissionDenied() {
    return code == 7;
  }
}
