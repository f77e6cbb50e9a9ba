package dev.enclave.core.observed;

/**
 * Something observed on the host that its tenant's jurisdiction does not allow: a pod on a node
 * without the jurisdiction's labels, a volume of a foreign storage class or topology, an audit or
 * backup destination that is not the jurisdiction's.
 *
 * @param object the host object, e.g. "Pod/tc-tenants-eu-acme/acme-0"
 * @param field the field path on that object, e.g. "spec.nodeName"
 * @param message what was found and what is allowed
 */
public record DriftFinding(
    String tenantNamespace, String tenantName, String object, String field, String message) {

  /** {@code OBJECT: FIELD: message}, as the report and the TenantCluster status show it. */
  public String describe() {
    return object + ": " + field + ": " + message;
  }
}
