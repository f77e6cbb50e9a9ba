package dev.enclave.datastore.backup;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Keeps a tenant's newest N complete backups in a target and deletes the older ones, manifest
 * first; also deletes incomplete backups (a data object without its manifest, left by a backup
 * killed before it finished) older than the newest complete one: a backup still running started
 * later, so its id sorts after it and is left alone.
 */
public final class BackupRetention {
  private BackupRetention() {}

  /** Deletes all but the newest {@code keep} and the stale incomplete ones; returns the ids deleted. */
  public static List<String> keepNewest(BackupTarget target, TenantIdentity tenant, int keep) {
    if (keep < 1) {
      throw new IllegalArgumentException("spec.backup.retention is " + keep + "; allowed: 1 or more");
    }
    List<BackupManifest> complete = BackupCatalog.complete(target, tenant);
    List<String> deleted = new ArrayList<>();
    for (BackupManifest manifest : complete.subList(Math.min(keep, complete.size()), complete.size())) {
      target.delete(BackupPath.of(tenant, manifest.backupId()));
      deleted.add(manifest.backupId());
    }
    if (!complete.isEmpty()) {
      String newest = complete.get(0).backupId();
      Set<String> whole = complete.stream().map(BackupManifest::backupId).collect(Collectors.toSet());
      for (String id : target.backupIds(BackupPath.tenantFolder(tenant))) {
        if (!whole.contains(id) && id.compareTo(newest) < 0 && isBackupId(id)) {
          target.delete(BackupPath.of(tenant, id));
          deleted.add(id);
        }
      }
    }
    return deleted;
  }

  private static boolean isBackupId(String id) {
    try {
      new BackupPath("a", "b", "c", id);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
