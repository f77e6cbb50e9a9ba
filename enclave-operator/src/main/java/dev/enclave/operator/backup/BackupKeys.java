package dev.enclave.operator.backup;

import dev.enclave.api.v1alpha1.Jurisdiction;
import dev.enclave.api.v1alpha1.KmsProvider;
import dev.enclave.datastore.backup.BackupRefusedException;
import dev.enclave.datastore.backup.TenantIdentity;
import dev.enclave.kms.KeyEncryptionKeys;
import dev.enclave.kms.LocalKeyFile;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A tenant's backup key-encryption key for the jurisdiction's {@code local} key provider: one key
 * file line in Secret {@code backup-key-<tenant uid>} (key {@code keys}) in the operator's
 * namespace, created on the first backup, kept after the tenant is deleted for as long as a backup
 * of it exists, then deleted: crypto-shredding. Without it every backup of the tenant is unreadable.
 */
public final class BackupKeys {
  public static final String KEY = "keys";
  public static final String LABEL = "enclave.dev/backup-key";
  public static final String TENANT = "enclave.dev/tenant";
  public static final String TENANT_UID = "enclave.dev/tenant-uid";
  public static final String JURISDICTION = "enclave.dev/jurisdiction";
  public static final String TARGET = "enclave.dev/backup-target";
  public static final String VERSION = "enclave.dev/kubernetes-version";

  private final KubernetesClient client;
  private final String namespace;
  private final SecureRandom random;

  public BackupKeys(KubernetesClient client, String namespace, SecureRandom random) {
    this.client = client;
    this.namespace = namespace;
    this.random = random;
  }

  public static String secretName(String tenantUid) {
    return "backup-key-" + tenantUid;
  }

  /** The tenant's KEK for a new backup, creating it on first use. */
  public KeyEncryptionKeys forBackup(TenantIdentity tenant, Jurisdiction jurisdiction, String target) {
    requireLocal(jurisdiction, tenant);
    Optional<KeyEncryptionKeys> existing = read(tenant);
    if (existing.isPresent()) {
      return existing.get();
    }
    Secret secret =
        new SecretBuilder()
            .withNewMetadata()
            .withName(secretName(tenant.uid()))
            .withNamespace(namespace)
            .withLabels(Map.of(LABEL, "true", TENANT_UID, tenant.uid(), "app.kubernetes.io/managed-by", "enclave"))
            .withAnnotations(
                Map.of(
                    TENANT, tenant.namespace() + "/" + tenant.name(),
                    JURISDICTION, tenant.jurisdiction(),
                    TARGET, target,
                    VERSION, tenant.kubernetesVersion()))
            .endMetadata()
            .withType("Opaque")
            .withData(Map.of(KEY, Base64.getEncoder().encodeToString(
                (LocalKeyFile.newKeyLine(random) + "\n").getBytes(StandardCharsets.US_ASCII))))
            .build();
    try {
      client.secrets().inNamespace(namespace).resource(secret).create();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409) {
        throw e;
      }
    }
    return read(tenant).orElseThrow(() -> unreadable(tenant));
  }

  /** The tenant's KEK for reading a backup; a destroyed key refuses the backup as unreadable. */
  public KeyEncryptionKeys forReading(TenantIdentity tenant, Jurisdiction jurisdiction) {
    requireLocal(jurisdiction, tenant);
    return read(tenant).orElseThrow(() -> unreadable(tenant));
  }

  /** Whether the tenant's KEK still exists. */
  public boolean exists(String tenantUid) {
    return client.secrets().inNamespace(namespace).withName(secretName(tenantUid)).get() != null;
  }

  /** The key Secrets of every tenant, live or deleted. */
  public List<Secret> all() {
    return client.secrets().inNamespace(namespace).withLabel(LABEL, "true").list().getItems();
  }

  /** Destroys the tenant's KEK: every backup of it becomes unreadable. */
  public void shred(String tenantUid) {
    client.secrets().inNamespace(namespace).withName(secretName(tenantUid)).delete();
  }

  /** {@code namespace/name} of the key Secret, for messages and status. */
  public String describe(String tenantUid) {
    return "Secret " + namespace + "/" + secretName(tenantUid);
  }

  private Optional<KeyEncryptionKeys> read(TenantIdentity tenant) {
    Secret secret = client.secrets().inNamespace(namespace).withName(secretName(tenant.uid())).get();
    if (secret == null || secret.getData() == null || secret.getData().get(KEY) == null) {
      return Optional.empty();
    }
    String lines = new String(Base64.getDecoder().decode(secret.getData().get(KEY)), StandardCharsets.US_ASCII);
    return Optional.of(LocalKeyFile.ofLines(describe(tenant.uid()), List.of(lines.split("\n")), random));
  }

  private BackupRefusedException unreadable(TenantIdentity tenant) {
    return new BackupRefusedException(
        tenant.describe() + ": its backup key " + describe(tenant.uid()) + " does not exist (destroyed by"
            + " crypto-shredding, or never created); its backups are unreadable and are refused");
  }

  private static void requireLocal(Jurisdiction jurisdiction, TenantIdentity tenant) {
    KmsProvider provider =
        jurisdiction.getSpec() == null || jurisdiction.getSpec().getKeyManagement() == null
            ? null
            : jurisdiction.getSpec().getKeyManagement().getProvider();
    if (provider != null && (provider.getVault() != null || provider.getAwsKms() != null)) {
      throw new BackupRefusedException(
          tenant.describe() + ": Jurisdiction " + jurisdiction.getMetadata().getName()
              + ": spec.keyManagement.provider is " + (provider.getVault() != null ? "vault" : "awsKms")
              + "; backup keys support only local so far (per-tenant keys in the operator's namespace)");
    }
  }
}
