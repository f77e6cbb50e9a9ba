package dev.enclave.operator.host;

/** What one reconcile step did to one host object. */
public enum Outcome {
  CREATED,
  UPDATED,
  /** Pruned: owned by the tenant, no longer rendered for it. */
  DELETED,
  UNCHANGED;

  public boolean wrote() {
    return this != UNCHANGED;
  }
}
