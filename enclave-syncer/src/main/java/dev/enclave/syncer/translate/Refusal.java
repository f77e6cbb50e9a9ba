package dev.enclave.syncer.translate;

/**
 * Why a tenant object is not synced: the field path on the tenant's object and a message saying
 * what was found and what the jurisdiction allows. Shown to the tenant as an Event and a pod
 * condition.
 */
public record Refusal(String field, String message) {

  public String describe() {
    return field + ": " + message;
  }
}
