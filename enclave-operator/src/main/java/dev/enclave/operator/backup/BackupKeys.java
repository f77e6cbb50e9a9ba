package dev.enclave.operator.backup;

import dev.enclave.api.v1alpha1.Jurisdiction;
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
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A tenant's backup key-encryption key: one key file line in Secret {@code backup-key-<tenant
 * uid>} in the operator's namespace, as it is (key {@code keys}) for the jurisdiction's {@code
 * local} key provider, or wrapped by the jurisdiction's KMS (key {@code wrapped-key}, the KMS key
 * in annotation {@link #WRAPPED_BY}; see {@link BackupKeyWrapping}), created on the first backup, kept after the tenant is deleted for as long as a backup
 * of it exists, then destroyed: crypto-shredding. Shredding removes the key from the Secret and
 * leaves it as a tombstone (labels, the key id and the time, no key material): the record that the
 * report and {@code enclavectl backup} read. Without the key every backup of the tenant is unreadable.
 */
public final class BackupKeys {
  public static final String KEY = "keys";
  public static final String LABEL = "enclave.dev/backup-key";
  public static final String TENANT = "enclave.dev/tenant";
  public static final String TENANT_UID = "enclave.dev/tenant-uid";
  public static final String JURISDICTION = "enclave.dev/jurisdiction";
  public static final String TARGET = "enclave.dev/backup-target";
  public static final String VERSION = "enclave.dev/kubernetes-version";
  public static final String KEY_ID = "enclave.dev/key-id";
  public static final String SHREDDED_AT = "enclave.dev/key-shredded-at";
  public static final String WRAPPED_KEY = "wrapped-key";
  /**
   * The lines of the tenant's local KMS key ({@code <tenant>-kms-key}) its backups' Secrets are
   * encrypted under, newest first: kept with the backup key so that a restore into a tenant
   * created again can read them, and shredded with it.
   */
  public static final String KMS_KEYS = "kms-keys";
  public static final String WRAPPED_BY = "enclave.dev/key-wrapped-by";

  private final KubernetesClient client;
  private final String namespace;
  private final SecureRandom random;
  private final BackupKeyWrapping wrapping;

  public BackupKeys(KubernetesClient client, String namespace, SecureRandom random) {
    this(client, namespace, random, BackupKeyWrapping.defaults());
  }

  public BackupKeys(KubernetesClient client, String namespace, SecureRandom random, BackupKeyWrapping wrapping) {
    this.client = client;
    this.namespace = namespace;
    this.random = random;
    this.wrapping = wrapping;
  }

  public static String secretName(String tenantUid) {
    return "backup-key-" + tenantUid;
  }

  /** The tenant's KEK for a new backup, creating it on first use. */
  public KeyEncryptionKeys forBackup(TenantIdentity tenant, Jurisdiction jurisdiction, String target) {
    Optional<KeyEncryptionKeys> existing = read(tenant, jurisdiction);
    if (existing.isPresent()) {
      return existing.get();
    }
    Optional<String> shredded = shreddedAt(tenant.uid());
    if (shredded.isPresent()) {
      throw new BackupRefusedException(
          tenant.describe() + ": its backup key " + describe(tenant.uid()) + " was destroyed at " + shredded.get()
              + " (crypto-shredding); delete that Secret to start the tenant's backups under a new key");
    }
    String line = LocalKeyFile.newKeyLine(random);
    byte[] raw = Base64.getDecoder().decode(line);
    Map<String, String> annotations = new LinkedHashMap<>();
    annotations.put(TENANT, tenant.namespace() + "/" + tenant.name());
    annotations.put(JURISDICTION, tenant.jurisdiction());
    annotations.put(TARGET, target);
    annotations.put(VERSION, tenant.kubernetesVersion());
    annotations.put(KEY_ID, LocalKeyFile.keyIdOf(raw));
    Map<String, String> data;
    try (KeyEncryptionKeys kms = wrapping.open(jurisdiction, secretName(tenant.uid()), tenant.describe()).orElse(null)) {
      if (kms == null) {
        data = Map.of(KEY, Base64.getEncoder().encodeToString((line + "\n").getBytes(StandardCharsets.US_ASCII)));
      } else {
        KeyEncryptionKeys.Wrapped wrapped = kms.wrap(raw);
        annotations.put(WRAPPED_BY, wrapped.keyId());
        data = Map.of(WRAPPED_KEY, Base64.getEncoder().encodeToString(wrapped.bytes()));
      }
    } finally {
      Arrays.fill(raw, (byte) 0);
    }
    Secret secret =
        new SecretBuilder()
            .withNewMetadata()
            .withName(secretName(tenant.uid()))
            .withNamespace(namespace)
            .withLabels(Map.of(LABEL, "true", TENANT_UID, tenant.uid(), "app.kubernetes.io/managed-by", "enclave"))
            .withAnnotations(annotations)
            .endMetadata()
            .withType("Opaque")
            .withData(data)
            .build();
    try {
      client.secrets().inNamespace(namespace).resource(secret).create();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409) {
        throw e;
      }
    }
    return read(tenant, jurisdiction).orElseThrow(() -> unreadable(tenant));
  }

  /** The tenant's KEK for reading a backup; a destroyed key refuses the backup as unreadable. */
  public KeyEncryptionKeys forReading(TenantIdentity tenant, Jurisdiction jurisdiction) {
    return read(tenant, jurisdiction).orElseThrow(() -> unreadable(tenant));
  }

  /**
   * Keeps {@code lines} of the tenant's KMS key beside its backup key: the lines given first, then
   * those kept before and no longer given (older keys some backup may still need).
   */
  public void keepKmsKeys(TenantIdentity tenant, List<String> lines) {
    Secret secret = client.secrets().inNamespace(namespace).withName(secretName(tenant.uid())).get();
    if (secret == null || secret.getData() == null || secret.getData().isEmpty()) {
      return; // no backup key (or a shredded one): nothing to keep them with
    }
    List<String> kept = kmsKeys(secret);
    LinkedHashSet<String> merged = new LinkedHashSet<>(lines);
    merged.addAll(kept);
    if (List.copyOf(merged).equals(kept)) {
      return;
    }
    client.secrets().inNamespace(namespace).withName(secretName(tenant.uid())).edit(s -> {
      s.getData().put(KMS_KEYS, keyFile(merged));
      return s;
    });
  }

  /** The KMS key lines kept with the tenant's backup key; empty when none were (or it was shredded). */
  public List<String> kmsKeys(TenantIdentity tenant) {
    Secret secret = client.secrets().inNamespace(namespace).withName(secretName(tenant.uid())).get();
    return secret == null ? List.of() : kmsKeys(secret);
  }

  private static List<String> kmsKeys(Secret secret) {
    return keyLines(secret.getData() == null ? null : secret.getData().get(KMS_KEYS));
  }

  /** The non-blank lines of a key file held base64-encoded in a Secret; empty for null. */
  static List<String> keyLines(String base64) {
    if (base64 == null) {
      return List.of();
    }
    return new String(Base64.getDecoder().decode(base64), StandardCharsets.US_ASCII).lines()
        .map(String::strip).filter(l -> !l.isEmpty()).toList();
  }

  /** A key file of {@code lines}, base64-encoded for a Secret's data. */
  static String keyFile(Collection<String> lines) {
    return Base64.getEncoder().encodeToString((String.join("\n", lines) + "\n").getBytes(StandardCharsets.US_ASCII));
  }

  /** The key Secrets of every tenant, live or deleted. */
  public List<Secret> all() {
    return client.secrets().inNamespace(namespace).withLabel(LABEL, "true").list().getItems();
  }

  /**
   * Destroys the tenant's KEK (every backup of it becomes unreadable), leaving the Secret as a
   * tombstone with the time and the key id, no key; returns whether there was a key to destroy.
   */
  public boolean shred(String tenantUid, java.time.Instant at) {
    Secret secret = client.secrets().inNamespace(namespace).withName(secretName(tenantUid)).get();
    if (secret == null || secret.getData() == null || secret.getData().isEmpty()) {
      return false;
    }
    Secret tombstone =
        new SecretBuilder(secret).withData(null).withStringData(null).editMetadata()
            .addToAnnotations(SHREDDED_AT, at.toString()).endMetadata().build();
    client.secrets().inNamespace(namespace).resource(tombstone).update();
    return true;
  }

  /** When the tenant's KEK was shredded, if it was. */
  public Optional<String> shreddedAt(String tenantUid) {
    Secret secret = client.secrets().inNamespace(namespace).withName(secretName(tenantUid)).get();
    return secret == null || secret.getMetadata().getAnnotations() == null
        ? Optional.empty()
        : Optional.ofNullable(secret.getMetadata().getAnnotations().get(SHREDDED_AT));
  }

  public String namespace() {
    return namespace;
  }

  /** {@code namespace/name} of the key Secret, for messages and status. */
  public String describe(String tenantUid) {
    return "Secret " + namespace + "/" + secretName(tenantUid);
  }

  private Optional<KeyEncryptionKeys> read(TenantIdentity tenant, Jurisdiction jurisdiction) {
    Secret secret = client.secrets().inNamespace(namespace).withName(secretName(tenant.uid())).get();
    if (secret == null || secret.getData() == null) {
      return Optional.empty();
    }
    if (secret.getData().get(KEY) != null) {
      String lines = new String(Base64.getDecoder().decode(secret.getData().get(KEY)), StandardCharsets.US_ASCII);
      return Optional.of(LocalKeyFile.ofLines(describe(tenant.uid()), List.of(lines.split("\n")), random));
    }
    if (secret.getData().get(WRAPPED_KEY) == null) {
      return Optional.empty();
    }
    String wrappedBy = secret.getMetadata().getAnnotations() == null ? null
        : secret.getMetadata().getAnnotations().get(WRAPPED_BY);
    if (wrappedBy == null) {
      throw new BackupRefusedException(tenant.describe() + ": " + describe(tenant.uid()) + " holds " + WRAPPED_KEY
          + " without annotation " + WRAPPED_BY + " naming the KMS key that wrapped it");
    }
    try (KeyEncryptionKeys kms = wrapping.open(jurisdiction, secretName(tenant.uid()), tenant.describe())
        .orElseThrow(() -> new BackupRefusedException(tenant.describe() + ": " + describe(tenant.uid())
            + " is wrapped by " + wrappedBy + ", but Jurisdiction " + jurisdiction.getMetadata().getName()
            + " names no KMS in spec.keyManagement.provider to unwrap it"))) {
      byte[] raw = kms.unwrap(wrappedBy, Base64.getDecoder().decode(secret.getData().get(WRAPPED_KEY)));
      try {
        String line = Base64.getEncoder().encodeToString(raw);
        return Optional.of(LocalKeyFile.ofLines(describe(tenant.uid()), List.of(line), random));
      } finally {
        Arrays.fill(raw, (byte) 0);
      }
    }
  }

  private BackupRefusedException unreadable(TenantIdentity tenant) {
    String why = shreddedAt(tenant.uid())
        .map(at -> " was destroyed at " + at + " (crypto-shredding)")
        .orElse(" does not exist (never created)");
    return new BackupRefusedException(
        tenant.describe() + ": its backup key " + describe(tenant.uid()) + why
            + "; its backups are unreadable and are refused");
  }
}
