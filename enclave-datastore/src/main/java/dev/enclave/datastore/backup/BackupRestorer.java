package dev.enclave.datastore.backup;

import dev.enclave.kms.KeyBackendException;
import dev.enclave.kms.KeyEncryptionKeys;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * Restores a backup only once it is proven whole and the tenant's: the manifest names the same
 * tenant uid and jurisdiction, the downloaded ciphertext has the manifest's size and SHA-256, the
 * data key unwraps, and every segment's GCM tag verifies while decrypting into a private temp file.
 * Only then does the sink write anything.
 */
public final class BackupRestorer {
  private final KeyEncryptionKeys keys;
  private final Path workDirectory;

  /** {@code workDirectory}: where the download and the plaintext are kept, owner-only. */
  public BackupRestorer(KeyEncryptionKeys keys, Path workDirectory) {
    this.keys = keys;
    this.workDirectory = workDirectory;
  }

  /** Verifies backup {@code backupId} of {@code tenant} in {@code target}, then restores it into {@code sink}. */
  public BackupManifest restore(BackupTarget target, TenantIdentity tenant, String backupId, RestoreSink sink) {
    sink.checkTarget();
    try (VerifiedBackup verified = verify(target, tenant, backupId)) {
      if (verified.manifest().kind() != sink.kind()) {
        throw new BackupRefusedException(
            where(target, backupId) + ": manifest field sourceKind is " + verified.manifest().sourceKind()
                + "; this restore takes " + sink.kind().manifestName());
      }
      try (InputStream in = Files.newInputStream(verified.plaintext())) {
        sink.restoreFrom(in);
      }
      return verified.manifest();
    } catch (IOException e) {
      throw new UncheckedIOException(where(target, backupId) + ": restore failed", e);
    }
  }

  /** Downloads and decrypts the backup, refusing it at the first check that fails. */
  public VerifiedBackup verify(BackupTarget target, TenantIdentity tenant, String backupId) {
    BackupPath path = BackupPath.of(tenant, backupId);
    String where = where(target, backupId);
    byte[] json =
        target.manifest(path).orElseThrow(() -> new BackupRefusedException(where + ": no manifest.json (the backup is not complete)"));
    BackupManifest manifest = BackupManifest.fromJson(json, where);
    checkOwner(manifest, tenant, where);
    Path ciphertext = null;
    Path plaintext = null;
    try {
      Files.createDirectories(workDirectory);
      ciphertext = Files.createTempFile(workDirectory, "backup-", ".enc", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      download(target, path, ciphertext, manifest, where);
      SecretKey key = unwrap(manifest, where);
      plaintext = Files.createTempFile(workDirectory, "backup-", ".plain", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      long size;
      try (InputStream in = Files.newInputStream(ciphertext); OutputStream out = Files.newOutputStream(plaintext)) {
        size = SegmentDecryptor.decrypt(new java.io.BufferedInputStream(in, 1 << 16), out, key, manifest, where);
      }
      if (size != manifest.plaintextSize()) {
        throw new BackupRefusedException(
            where + ": decrypts to " + size + " bytes; manifest field plaintextSize is " + manifest.plaintextSize());
      }
      return new VerifiedBackup(manifest, plaintext);
    } catch (IOException | RuntimeException e) {
      deleteQuietly(plaintext);
      if (e instanceof IOException io) {
        throw new UncheckedIOException(where + ": cannot download or decrypt", io);
      }
      throw (RuntimeException) e;
    } finally {
      deleteQuietly(ciphertext);
    }
  }

  private static void checkOwner(BackupManifest manifest, TenantIdentity tenant, String where) {
    if (!manifest.tenantUid().equals(tenant.uid())
        || !manifest.tenantNamespace().equals(tenant.namespace())
        || !manifest.tenantName().equals(tenant.name())) {
      throw new BackupRefusedException(
          where + ": belongs to " + manifest.describeTenant() + ", not to " + tenant.describe()
              + "; a backup is only restored into the tenant it was taken from");
    }
    if (!manifest.jurisdiction().equals(tenant.jurisdiction())) {
      throw new BackupRefusedException(
          where + ": was taken in Jurisdiction " + manifest.jurisdiction() + " but " + tenant.describe()
              + " is in Jurisdiction " + tenant.jurisdiction() + "; refusing a cross-jurisdiction restore");
    }
  }

  private static void download(BackupTarget target, BackupPath path, Path file, BackupManifest manifest, String where)
      throws IOException {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    long size;
    try (InputStream in = new DigestInputStream(target.openData(path), sha)) {
      size = Files.copy(in, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    if (size != manifest.ciphertextSize()) {
      throw new BackupRefusedException(
          where + ": data object is " + size + " bytes; manifest field ciphertextSize is "
              + manifest.ciphertextSize() + " (truncated or replaced upload)");
    }
    String actual = HexFormat.of().formatHex(sha.digest());
    if (!actual.equals(manifest.ciphertextSha256())) {
      throw new BackupRefusedException(
          where + ": data object's SHA-256 is " + actual + "; manifest field ciphertextSha256 is "
              + manifest.ciphertextSha256() + " (the data was altered)");
    }
  }

  private SecretKey unwrap(BackupManifest manifest, String where) {
    byte[] dataKey;
    try {
      dataKey = keys.unwrap(manifest.keyId(), Base64.getDecoder().decode(manifest.wrappedDataKey()));
    } catch (KeyBackendException | IllegalArgumentException e) {
      throw new BackupRefusedException(
          where + ": cannot unwrap its data key with key " + manifest.keyId() + ": " + e.getMessage());
    }
    try {
      return new SecretKeySpec(dataKey, "AES");
    } finally {
      Arrays.fill(dataKey, (byte) 0);
    }
  }

  private static String where(BackupTarget target, String backupId) {
    return "backup " + backupId + " in " + target.describe();
  }

  private static void deleteQuietly(Path file) {
    if (file != null) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        // best effort: the work directory is private to the restore
      }
    }
  }
}
