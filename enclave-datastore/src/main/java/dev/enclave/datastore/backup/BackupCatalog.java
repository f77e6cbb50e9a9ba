package dev.enclave.datastore.backup;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The complete backups of a tenant in a target, newest first: those whose manifest exists, parses
 * and names the tenant, and whose data object has the manifest's ciphertext size. A backup cut
 * short (no manifest, a short object) is not listed.
 */
public final class BackupCatalog {
  private BackupCatalog() {}

  public static List<BackupManifest> complete(BackupTarget target, TenantIdentity tenant) {
    List<BackupManifest> found = new ArrayList<>();
    for (String id : target.backupIds(BackupPath.tenantFolder(tenant))) {
      BackupPath path;
      try {
        path = BackupPath.of(tenant, id);
      } catch (IllegalArgumentException e) {
        continue; // not a folder Enclave wrote
      }
      Optional<byte[]> json = target.manifest(path);
      if (json.isEmpty()) {
        continue;
      }
      BackupManifest manifest;
      try {
        manifest = BackupManifest.fromJson(json.get(), target.describe() + " " + path.manifest());
      } catch (BackupRefusedException e) {
        continue;
      }
      Optional<Long> size = target.dataSize(path);
      if (manifest.backupId().equals(id) && size.isPresent() && size.get() == manifest.ciphertextSize()) {
        found.add(manifest);
      }
    }
    found.sort(Comparator.comparing(BackupManifest::createdAt).thenComparing(BackupManifest::backupId).reversed());
    return found;
  }
}
