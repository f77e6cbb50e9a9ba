package dev.enclave.operator.backup;

import dev.enclave.api.v1alpha1.Jurisdiction;
import dev.enclave.api.v1alpha1.TenantCluster;
import dev.enclave.datastore.backup.BackupCatalog;
import dev.enclave.datastore.backup.BackupManifest;
import dev.enclave.datastore.backup.BackupPath;
import dev.enclave.datastore.backup.BackupTarget;
import dev.enclave.datastore.backup.TenantIdentity;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Crypto-shredding of deleted tenants: once the backups of a deleted tenant expire (the time {@link
 * BackupDeletion} wrote on its key Secret), deletes them from its target and destroys its backup
 * key, recording it on the key Secret (a tombstone) and in an Event on the deleted TenantCluster.
 */
public final class BackupShredder {
  private static final Logger LOG = LoggerFactory.getLogger(BackupShredder.class);

  private final KubernetesClient client;
  private final BackupKeys keys;
  private final BackupTargets targets;
  private final BackupEvents events;
  private final Clock clock;

  public BackupShredder(KubernetesClient client, BackupKeys keys, BackupTargets targets, BackupEvents events, Clock clock) {
    this.client = client;
    this.keys = keys;
    this.targets = targets;
    this.events = events;
    this.clock = clock;
  }

  /** Shreds every expired key of a deleted tenant; returns the tenant uids shredded. */
  public List<String> sweep() {
    Set<String> live = client.resources(TenantCluster.class).inAnyNamespace().list().getItems().stream()
        .map(TenantBackupResolver::backupUid).collect(Collectors.toSet());
    Instant now = clock.instant();
    List<String> shredded = new ArrayList<>();
    for (Secret secret : keys.all()) {
      Map<String, String> notes = secret.getMetadata().getAnnotations() == null ? Map.of() : secret.getMetadata().getAnnotations();
      String uid = secret.getMetadata().getLabels().get(BackupKeys.TENANT_UID);
      String expires = notes.get(BackupDeletion.EXPIRES_AT);
      if (uid == null || live.contains(uid) || notes.containsKey(BackupKeys.SHREDDED_AT) || expires == null
          || Instant.parse(expires).isAfter(now)) {
        continue;
      }
      TenantIdentity tenant = identity(uid, notes);
      int deleted = deleteBackups(tenant, notes.get(BackupKeys.TARGET));
      if (keys.shred(uid, now)) {
        shredded.add(uid);
        String message = "backup key " + notes.get(BackupKeys.KEY_ID) + " of deleted " + tenant.describe()
            + " destroyed at " + now + " (crypto-shredding): its last backup expired at " + expires + "; "
            + deleted + " expired backup(s) deleted; any copy left is unreadable";
        LOG.info(message);
        events.normal(involved(tenant), BackupEvents.KEY_SHREDDED, message);
      }
    }
    return shredded;
  }

  private int deleteBackups(TenantIdentity tenant, String targetName) {
    Jurisdiction jurisdiction = client.resources(Jurisdiction.class).withName(tenant.jurisdiction()).get();
    if (jurisdiction == null || targetName == null) {
      LOG.warn("{}: Jurisdiction {} or its target is gone; its backups are left, unreadable once the key is shredded",
          tenant.describe(), tenant.jurisdiction());
      return 0;
    }
    try (BackupTarget target = targets.open(jurisdiction, targetName, tenant.describe())) {
      List<BackupManifest> all = BackupCatalog.complete(target, tenant);
      for (BackupManifest manifest : all) {
        target.delete(BackupPath.of(tenant, manifest.backupId()));
      }
      return all.size();
    } catch (RuntimeException e) {
      LOG.warn("{}: cannot delete its expired backups ({}); shredding its key makes them unreadable",
          tenant.describe(), TenantBackups.message(e));
      return 0;
    }
  }

  private static TenantIdentity identity(String uid, Map<String, String> notes) {
    String[] tenant = notes.getOrDefault(BackupKeys.TENANT, "unknown/unknown").split("/", 2);
    return new TenantIdentity(uid, tenant[0], tenant.length > 1 ? tenant[1] : "unknown",
        notes.getOrDefault(BackupKeys.JURISDICTION, ""), notes.getOrDefault(BackupKeys.VERSION, ""));
  }

  private static TenantCluster involved(TenantIdentity tenant) {
    TenantCluster gone = new TenantCluster();
    gone.setMetadata(new ObjectMetaBuilder().withNamespace(tenant.namespace()).withName(tenant.name())
        .withUid(tenant.uid()).build());
    return gone;
  }
}
