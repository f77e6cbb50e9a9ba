package dev.enclave.operator.backup;

import dev.enclave.api.v1alpha1.Jurisdiction;
import dev.enclave.api.v1alpha1.TenantCluster;
import dev.enclave.datastore.backup.BackupTarget;
import dev.enclave.datastore.backup.TenantIdentity;

/**
 * Everything a backup or restore of one tenant needs, resolved from the host: who it is, its
 * Jurisdiction, the name and an open client of its backup target. Close it to close the target.
 */
public record TenantBackup(
    TenantCluster tenant, TenantIdentity identity, Jurisdiction jurisdiction, String targetName, BackupTarget target)
    implements AutoCloseable {
  @Override
  public void close() {
    target.close();
  }
}
