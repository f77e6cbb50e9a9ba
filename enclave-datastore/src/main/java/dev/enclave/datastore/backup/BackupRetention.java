package dev.enclave.datastore.backup;

import java.util.List;

/** Keeps a tenant's newest N complete backups in a target and deletes the older ones, manifest first. */
public final class BackupRetention {
  private BackupRetention() {}

  /** Deletes all but the newest {@code keep}; returns the ids deleted. */
  public static List<String> keepNewest(BackupTarget target, TenantIdentity tenant, int keep) {
    if (keep < 1) {
      throw new IllegalArgumentException("spec.backup.retention is " + keep + "; allowed: 1 or more");
    }
    List<BackupManifest> complete = BackupCatalog.complete(target, tenant);
    List<BackupManifest> older = complete.subList(Math.min(keep, complete.size()), complete.size());
    for (BackupManifest manifest : older) {
      target.delete(BackupPath.of(tenant, manifest.backupId()));
    }
    return older.stream().map(BackupManifest::backupId).toList();
  }
}
