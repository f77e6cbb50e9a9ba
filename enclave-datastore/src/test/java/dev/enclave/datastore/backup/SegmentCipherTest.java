package dev.enclave.datastore.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Random;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** The segment format alone: what decrypts, and every rearrangement of segments that must not. */
class SegmentCipherTest {
  private static final int SEGMENT = 1024;
  private static final int SEALED = 12 + SEGMENT + 16;
  private static final TenantIdentity TENANT = new TenantIdentity("u1", "ns", "acme", "eu", "1.37.2");

  private final SecretKey key = new SecretKeySpec(new SecureRandom().generateSeed(32), "AES");

  @Test
  void plaintextOfAnySizeRoundTrips() throws IOException {
    for (int size : new int[] {0, 1, SEGMENT - 1, SEGMENT, SEGMENT + 1, 3 * SEGMENT, 5 * SEGMENT + 17}) {
      byte[] plain = random(size);
      BackupManifest manifest = header("b" + size);
      byte[] sealed = seal(manifest, plain);
      assertThat(sealed).hasSize(Math.max(1, (size + SEGMENT - 1) / SEGMENT) * (12 + 16) + size);
      assertThat(open(complete(manifest, plain, sealed), sealed)).isEqualTo(plain);
    }
  }

  @Test
  void swappedSegmentsAreRefused() throws IOException {
    BackupManifest manifest = header("swap");
    byte[] plain = random(3 * SEGMENT);
    byte[] sealed = seal(manifest, plain);
    byte[] swapped = sealed.clone();
    System.arraycopy(sealed, SEALED, swapped, 0, SEALED);
    System.arraycopy(sealed, 0, swapped, SEALED, SEALED);
    assertThatThrownBy(() -> open(complete(manifest, plain, swapped), swapped))
        .isInstanceOf(BackupRefusedException.class)
        .hasMessageContaining("segment 0 fails its AES-GCM tag");
  }

  @Test
  void aDroppedLastSegmentIsRefused() throws IOException {
    BackupManifest manifest = header("drop");
    byte[] plain = random(2 * SEGMENT + 10);
    byte[] sealed = seal(manifest, plain);
    byte[] cut = Arrays.copyOf(sealed, 2 * SEALED);
    assertThatThrownBy(() -> open(complete(manifest, plain, cut), cut))
        .isInstanceOf(BackupRefusedException.class)
        .hasMessageContaining("segment 1 (the last) fails its AES-GCM tag");
  }

  @Test
  void aSegmentSplicedFromAnotherBackupUnderTheSameKeyIsRefused() throws IOException {
    BackupManifest first = header("first");
    BackupManifest second = header("second");
    byte[] plain = random(2 * SEGMENT);
    byte[] a = seal(first, plain);
    byte[] b = seal(second, plain);
    byte[] spliced = a.clone();
    System.arraycopy(b, 0, spliced, 0, SEALED);
    assertThatThrownBy(() -> open(complete(first, plain, spliced), spliced))
        .isInstanceOf(BackupRefusedException.class)
        .hasMessageContaining("segment 0 fails its AES-GCM tag");
  }

  @Test
  void anEditedManifestFieldChangesTheHeaderDigest() {
    BackupManifest manifest = header("edit");
    BackupManifest otherJurisdiction =
        new BackupManifest(1, manifest.backupId(), manifest.tenantUid(), manifest.tenantNamespace(), manifest.tenantName(),
            "uk", manifest.kubernetesVersion(), manifest.sourceKind(), manifest.createdAt(), manifest.segmentSize(),
            manifest.keyId(), manifest.wrappedDataKey(), 0, 0, "");
    assertThat(otherJurisdiction.headerDigest()).isNotEqualTo(manifest.headerDigest());
    assertThat(manifest.completed(5, 6, "ab").headerDigest()).isEqualTo(manifest.headerDigest());
  }

  @Test
  void aManifestClaimingHugeSegmentsIsRefusedBeforeAnythingIsAllocated() throws IOException {
    BackupManifest manifest = header("huge");
    byte[] plain = random(SEGMENT);
    byte[] sealed = seal(manifest, plain);
    BackupManifest huge =
        new BackupManifest(1, manifest.backupId(), manifest.tenantUid(), manifest.tenantNamespace(), manifest.tenantName(),
            manifest.jurisdiction(), manifest.kubernetesVersion(), manifest.sourceKind(), manifest.createdAt(), Integer.MAX_VALUE,
            manifest.keyId(), manifest.wrappedDataKey(), plain.length, sealed.length, "");
    assertThatThrownBy(() -> open(huge, sealed))
        .isInstanceOf(BackupRefusedException.class)
        .hasMessageContaining("manifest field segmentSize is 2147483647; allowed: 1 to 67108864");
  }

  private static BackupManifest header(String id) {
    return BackupManifest.header(id, TENANT, SourceKind.ETCD_PREFIX, "2026-12-07T00:00:00Z", SEGMENT, "local:k", "d3JhcHBlZA==");
  }

  private byte[] seal(BackupManifest manifest, byte[] plain) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (SegmentEncryptor encryptor = new SegmentEncryptor(key, manifest.headerDigest(), SEGMENT, out)) {
      encryptor.write(plain);
    }
    return out.toByteArray();
  }

  private static BackupManifest complete(BackupManifest manifest, byte[] plain, byte[] sealed) {
    return manifest.completed(plain.length, sealed.length, "");
  }

  private byte[] open(BackupManifest manifest, byte[] sealed) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    SegmentDecryptor.decrypt(new ByteArrayInputStream(sealed), out, key, manifest, "backup test");
    return out.toByteArray();
  }

  private static byte[] random(int size) {
    byte[] bytes = new byte[size];
    new Random(size).nextBytes(bytes);
    return bytes;
  }
}
