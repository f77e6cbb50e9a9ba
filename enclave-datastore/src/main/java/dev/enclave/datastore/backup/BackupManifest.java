package dev.enclave.datastore.backup;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A backup's manifest.json: who and what it is, the wrapped data key and the ciphertext's size and
 * SHA-256. Every field but the three sizes and the checksum is bound into each segment's AAD
 * through {@link #headerDigest}, so editing the tenant, the jurisdiction or the key id makes every
 * GCM tag fail; the sizes and checksum are checked against the data itself.
 */
@JsonPropertyOrder(alphabetic = false)
public record BackupManifest(
    int formatVersion,
    String backupId,
    String tenantUid,
    String tenantNamespace,
    String tenantName,
    String jurisdiction,
    String kubernetesVersion,
    String sourceKind,
    String createdAt,
    int segmentSize,
    String keyId,
    String wrappedDataKey,
    long plaintextSize,
    long ciphertextSize,
    String ciphertextSha256) {

  public static final int FORMAT_VERSION = 1;
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /** The manifest before the data is written: sizes zero, no checksum. */
  public static BackupManifest header(
      String backupId, TenantIdentity tenant, SourceKind kind, String createdAt, int segmentSize,
      String keyId, String wrappedDataKey) {
    return new BackupManifest(
        FORMAT_VERSION, backupId, tenant.uid(), tenant.namespace(), tenant.name(),
        tenant.jurisdiction(), tenant.kubernetesVersion(), kind.manifestName(), createdAt,
        segmentSize, keyId, wrappedDataKey, 0, 0, "");
  }

  /** This manifest with the written data's sizes and checksum. */
  public BackupManifest completed(long plaintext, long ciphertext, String sha256) {
    return new BackupManifest(
        formatVersion, backupId, tenantUid, tenantNamespace, tenantName, jurisdiction,
        kubernetesVersion, sourceKind, createdAt, segmentSize, keyId, wrappedDataKey, plaintext,
        ciphertext, sha256);
  }

  /** SHA-256 of the authenticated fields in a fixed order: part of every segment's AAD. */
  @JsonIgnore
  public byte[] headerDigest() {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("formatVersion", formatVersion);
    fields.put("backupId", backupId);
    fields.put("tenantUid", tenantUid);
    fields.put("tenantNamespace", tenantNamespace);
    fields.put("tenantName", tenantName);
    fields.put("jurisdiction", jurisdiction);
    fields.put("kubernetesVersion", kubernetesVersion);
    fields.put("sourceKind", sourceKind);
    fields.put("createdAt", createdAt);
    fields.put("segmentSize", segmentSize);
    fields.put("keyId", keyId);
    fields.put("wrappedDataKey", wrappedDataKey);
    try {
      return MessageDigest.getInstance("SHA-256").digest(new ObjectMapper().writeValueAsBytes(fields));
    } catch (IOException | NoSuchAlgorithmException e) {
      throw new IllegalStateException("cannot digest the manifest of backup " + backupId, e);
    }
  }

  public byte[] toJson() {
    try {
      return JSON.writeValueAsBytes(this);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write the manifest of backup " + backupId, e);
    }
  }

  /** Parses a manifest read from {@code where}, refusing another format version. */
  public static BackupManifest fromJson(byte[] json, String where) {
    BackupManifest manifest;
    try {
      manifest = JSON.readValue(json, BackupManifest.class);
    } catch (IOException e) {
      throw new BackupRefusedException(where + ": manifest.json is not a backup manifest: " + e.getClass().getSimpleName());
    }
    if (manifest.formatVersion() != FORMAT_VERSION) {
      throw new BackupRefusedException(
          where + ": manifest field formatVersion is " + manifest.formatVersion() + "; allowed: " + FORMAT_VERSION);
    }
    return manifest;
  }

  @JsonIgnore
  public SourceKind kind() {
    return SourceKind.fromManifest(sourceKind);
  }

  /** {@code TenantCluster NAMESPACE/NAME (uid UID)} as the manifest names it. */
  public String describeTenant() {
    return "TenantCluster " + tenantNamespace + "/" + tenantName + " (uid " + tenantUid + ")";
  }
}
