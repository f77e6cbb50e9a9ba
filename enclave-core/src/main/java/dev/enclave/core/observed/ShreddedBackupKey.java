package dev.enclave.core.observed;

import java.time.Instant;

/**
 * A deleted tenant's backup key destroyed once its last backup expired (crypto-shredding), as its
 * tombstone on the host records it: who it was, the key's id (never the key) and when.
 */
public record ShreddedBackupKey(
    String tenantNamespace, String tenantName, String tenantUid, String jurisdiction, String keyId, Instant shreddedAt) {}
