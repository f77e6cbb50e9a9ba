package dev.enclave.datastore;

/**
 * A data store that could not do what a tenant needs, said for people: the DataStore, the endpoint
 * and what failed, never a password or key. {@link #reason} becomes the reason of the tenant's
 * {@code DataStoreReady} condition.
 */
public final class DataStoreException extends RuntimeException {

  /** Why, as a condition reason. */
  public enum Reason {
    /** No endpoint answered, or TLS to it failed. */
    StoreUnreachable,
    /** The admin Secret lacks a key, or the store refused its credentials. */
    CredentialsMissing,
    /** The store answered but refused or failed a provisioning step. */
    ProvisioningFailed
  }

  private final Reason reason;

  public DataStoreException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
