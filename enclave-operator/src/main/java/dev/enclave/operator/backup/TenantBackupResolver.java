package dev.enclave.operator.backup;

import dev.enclave.api.v1alpha1.Jurisdiction;
import dev.enclave.api.v1alpha1.TenantCluster;
import dev.enclave.core.controlplane.ControlPlaneVolume;
import dev.enclave.core.controlplane.HostNames;
import dev.enclave.core.upgrade.UpgradePath;
import dev.enclave.datastore.backup.BackupRefusedException;
import dev.enclave.datastore.backup.BackupSource;
import dev.enclave.datastore.backup.RestoreSink;
import dev.enclave.datastore.backup.TenantIdentity;
import dev.enclave.kms.KeyEncryptionKeys;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

/**
 * Resolves a TenantCluster on a host into what its backups need: identity, the jurisdiction's
 * backup target, the source and sink of its state and its backup key. The CLI and the operator
 * both use this one resolver.
 */
public final class TenantBackupResolver {
  /** The key of the tenant's local KMS key file in {@code <tenant>-kms-key}. */
  private static final String KMS_KEY_FILE = ControlPlaneVolume.KMS_KEYS;
  private final KubernetesClient client;
  private final BackupTargets targets;
  private final BackupKeys keys;
  private final TenantStoreAccess stores;

  public TenantBackupResolver(KubernetesClient client, String operatorNamespace, SecureRandom random) {
    this.client = client;
    this.targets = new BackupTargets(client, operatorNamespace);
    this.keys = new BackupKeys(client, operatorNamespace, random);
    this.stores = new TenantStoreAccess(client, operatorNamespace);
  }

  /** The TenantCluster {@code namespace/name}, refused when it does not exist. */
  public TenantCluster tenant(String namespace, String name) {
    TenantCluster tenant = client.resources(TenantCluster.class).inNamespace(namespace).withName(name).get();
    if (tenant == null) {
      throw new BackupRefusedException("TenantCluster " + namespace + "/" + name + " does not exist");
    }
    return tenant;
  }

  /** Identity, jurisdiction and open target of {@code tenant}. */
  public TenantBackup resolve(TenantCluster tenant) {
    String who = TenantStoreAccess.describe(tenant);
    if (tenant.getSpec() == null || tenant.getSpec().getBackup() == null || tenant.getSpec().getBackup().getTarget() == null) {
      throw new BackupRefusedException(who + ": spec.backup.target is not set; it names one of the Jurisdiction's backupTargets");
    }
    Jurisdiction jurisdiction = jurisdiction(tenant, who);
    String targetName = tenant.getSpec().getBackup().getTarget();
    TenantIdentity identity = identity(tenant);
    return new TenantBackup(tenant, identity, jurisdiction, targetName, targets.open(jurisdiction, targetName, who));
  }

  /**
   * Written by {@code enclavectl migrate} on a tenant it moved to another host: the uid the tenant's
   * backups and their key were recorded under before the move, so that one series of backups, one
   * key and one retention follow the tenant from host to host.
   */
  public static final String BACKUP_UID = "enclave.dev/backup-uid";

  /** The uid the tenant's backups are recorded under: {@link #BACKUP_UID}, else its own. */
  public static String backupUid(TenantCluster tenant) {
    var annotations = tenant.getMetadata().getAnnotations();
    String moved = annotations == null ? null : annotations.get(BACKUP_UID);
    return moved == null || moved.isBlank() ? tenant.getMetadata().getUid() : moved.strip();
  }

  /** The tenant as its backups record it, with the release its control plane runs. */
  public static TenantIdentity identity(TenantCluster tenant) {
    String running = UpgradePath.running(tenant);
    String version = running != null ? running : tenant.getSpec().getKubernetesVersion();
    return new TenantIdentity(
        backupUid(tenant), tenant.getMetadata().getNamespace(), tenant.getMetadata().getName(),
        tenant.getSpec().getJurisdiction(), version == null ? "" : version);
  }

  public BackupSource source(TenantBackup backup) {
    return stores.source(backup.tenant());
  }

  public RestoreSink sink(TenantBackup backup, boolean replace) {
    return stores.sink(backup.tenant(), replace);
  }

  /**
   * The key new backups are wrapped with, created on the tenant's first backup; the lines of the
   * tenant's local KMS key are kept beside it, as the backup's Secrets are encrypted under them.
   */
  public KeyEncryptionKeys keysForBackup(TenantBackup backup) {
    KeyEncryptionKeys kek = keys.forBackup(backup.identity(), backup.jurisdiction(), backup.targetName());
    List<String> kms = BackupKeyWrapping.localKms(backup.jurisdiction()) ? kmsKeyLines(backup.tenant()) : List.of();
    if (!kms.isEmpty()) {
      keys.keepKmsKeys(backup.identity(), kms);
    }
    return kek;
  }

  /**
   * After a restore: adds to the tenant's {@code <tenant>-kms-key} the KMS key lines kept with its
   * backups that it lacks, after its own (a tenant created again has a new key; its restored
   * Secrets are encrypted under the old one). Returns how many lines were added.
   */
  public int restoreKmsKeys(TenantBackup backup) {
    List<String> kept = keys.kmsKeys(backup.identity());
    String namespace = HostNames.hostNamespace(backup.tenant());
    String name = HostNames.kmsKeySecret(backup.tenant());
    Secret secret = client.secrets().inNamespace(namespace).withName(name).get();
    if (kept.isEmpty() || secret == null || secret.getData() == null || secret.getData().get(KMS_KEY_FILE) == null) {
      return 0;
    }
    List<String> own = kmsKeyLines(backup.tenant());
    List<String> missing = kept.stream().filter(l -> !own.contains(l)).toList();
    if (missing.isEmpty()) {
      return 0;
    }
    List<String> all = new ArrayList<>(own);
    all.addAll(missing);
    client.secrets().inNamespace(namespace).withName(name).edit(s -> {
      s.getData().put(KMS_KEY_FILE, BackupKeys.keyFile(all));
      return s;
    });
    return missing.size();
  }

  /** The lines of the tenant's local KMS key file; empty when it has none. */
  private List<String> kmsKeyLines(TenantCluster tenant) {
    Secret secret =
        client.secrets().inNamespace(HostNames.hostNamespace(tenant)).withName(HostNames.kmsKeySecret(tenant)).get();
    return BackupKeys.keyLines(secret == null || secret.getData() == null ? null : secret.getData().get(KMS_KEY_FILE));
  }

  /** The key existing backups are read with; refused as unreadable once shredded. */
  public KeyEncryptionKeys keysForReading(TenantBackup backup) {
    return keys.forReading(backup.identity(), backup.jurisdiction());
  }

  public BackupKeys keys() {
    return keys;
  }

  public BackupTargets targets() {
    return targets;
  }

  private Jurisdiction jurisdiction(TenantCluster tenant, String who) {
    String name = tenant.getSpec().getJurisdiction();
    Jurisdiction jurisdiction = name == null ? null : client.resources(Jurisdiction.class).withName(name).get();
    if (jurisdiction == null) {
      throw new BackupRefusedException(who + ": spec.jurisdiction: Jurisdiction " + name + " does not exist");
    }
    return jurisdiction;
  }
}
