package dev.enclave.core.observed;

import java.time.Instant;

/**
 * A tenant cluster that {@code enclavectl migrate} moved onto the observed host, as the record the
 * move wrote on its TenantCluster says: where from, under which uid, with which verified backup,
 * when, and how many of its objects the move found left on the source (0 once nothing is).
 */
public record MigratedTenant(
    String tenantNamespace,
    String tenantName,
    String fromHost,
    String fromServer,
    String sourceUid,
    String backupId,
    Instant completedAt,
    int sourceObjectsLeft) {}
