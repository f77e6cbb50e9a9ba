package dev.enclave.core.evidence;

/**
 * Something a tenant cluster reaches outside its jurisdiction: a data store, storage class, audit
 * sink or backup target another jurisdiction declares (or none does), or an observed pod on a node
 * of another jurisdiction. Drawn in red in the report's diagram.
 *
 * @param reach "dataStore", "storageClass", "auditSink", "backupTarget" or "node"
 * @param targetJurisdiction the jurisdiction the target belongs to, or null when none declares it
 * @param fieldPath where the tenant names it, e.g. spec.backup.target
 */
public record Crossing(
    String tenantNamespace,
    String tenantName,
    String jurisdiction,
    String reach,
    String target,
    String targetJurisdiction,
    String fieldPath,
    String message) {}
