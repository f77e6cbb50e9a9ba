package dev.enclave.operator.host;

/** What one reconcile step did to one host object. */
public enum Outcome {
  CREATED,
  UPDATED,
  UNCHANGED;

  public boolean wrote() {
    return this != UNCHANGED;
  }
}
