package dev.enclave.datastore.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.enclave.datastore.etcd.EtcdKeys;
import dev.enclave.kms.KeyEncryptionKeys;
import dev.enclave.testbed.Components;
import dev.enclave.testbed.Etcd;
import dev.enclave.testbed.S3Server;
import dev.enclave.testbed.Testbed;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * A tenant's etcd prefix backed up to a real S3 server (s3proxy) and restored into a real etcd;
 * every kind of bad backup is refused before a key is written.
 */
class EtcdPrefixBackupIT {
  private static final String PREFIX = "/enclave/tenants-eu/acme";
  private static final String BUCKET = "enclave-eu";

  private static Path dir;
  private static Etcd source;
  private static Etcd restored;
  private static S3Server s3;
  private static KeyEncryptionKeys keys;
  private static S3BackupTarget target;
  private static Map<String, String> written;
  private static BackupManifest backup;

  @BeforeAll
  static void start() {
    Components components = Components.fromEnvironment();
    dir = BackupBed.fresh(Testbed.directory().resolve("etcd-prefix-backup"));
    source = Etcd.start(components, dir.resolve("etcd-source"));
    restored = Etcd.start(components, dir.resolve("etcd-restored"));
    s3 = S3Server.start(dir.resolve("s3"));
    BackupBed.createBucket(s3, BUCKET);
    keys = BackupBed.newKeys(dir, "eu");
    target = BackupBed.target(s3, BUCKET);
    EtcdKeys etcd = BackupBed.keysOf(source);
    written = asMap(BackupBed.fill(etcd, PREFIX, 10_000, 200, 14));
    // A neighbour's keys in the same etcd: never part of acme's backup.
    BackupBed.fill(etcd, "/enclave/tenants-eu/acme-two", 50, 10, 15);
    backup = writer(Instant.parse("2026-12-07T01:00:00Z")).write(BackupBed.ACME, new EtcdPrefixSource(etcd, PREFIX), target);
  }

  @AfterAll
  static void stop() {
    if (target != null) {
      target.close();
    }
    for (AutoCloseable c : new AutoCloseable[] {s3, restored, source}) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception e) {
        // keep stopping the others
      }
    }
  }

  @Test
  void tenThousandKeysRoundTripThroughS3Unchanged() {
    assertThat(BackupCatalog.complete(target, BackupBed.ACME)).extracting(BackupManifest::backupId).contains(backup.backupId());
    EtcdKeys into = BackupBed.keysOf(restored);
    String restorePrefix = "/roundtrip" + PREFIX;
    restorer().restore(target, BackupBed.ACME, backup.backupId(), new EtcdPrefixRestore(into, restorePrefix, false));
    Map<String, String> back = new LinkedHashMap<>();
    asMap(BackupBed.readAll(into, restorePrefix)).forEach((k, v) -> back.put(k.substring("/roundtrip".length()), v));
    assertThat(back).hasSize(10_000).isEqualTo(written);
  }

  @Test
  void theManifestDescribesTheBackupAndNeitherItNorTheLogHoldsTheDataKey() {
    String json = new String(target.manifest(BackupPath.of(BackupBed.ACME, backup.backupId())).orElseThrow(), StandardCharsets.UTF_8);
    assertThat(json).contains("\"tenantUid\" : \"0b5e3c2a-acme\"", "\"jurisdiction\" : \"eu\"", "\"sourceKind\" : \"etcd-prefix\"");
    assertThat(backup.ciphertextSize()).isGreaterThan(backup.plaintextSize());
    assertThat(backup.plaintextSize()).isGreaterThan(10_000L * 200);
    assertThat(backup.keyId()).isEqualTo(keys.currentKeyId());
    byte[] wrapped = Base64.getDecoder().decode(backup.wrappedDataKey());
    byte[] dataKey = keys.unwrap(backup.keyId(), wrapped);
    assertThat(dataKey).hasSize(32);
    assertThat(wrapped).hasSizeGreaterThan(32);
    String log = readLog();
    for (String form : List.of(Base64.getEncoder().encodeToString(dataKey), java.util.HexFormat.of().formatHex(dataKey))) {
      assertThat(json).doesNotContain(form);
      assertThat(log).doesNotContain(form);
    }
  }

  /** What this test JVM logged so far (Failsafe redirects it to a file). */
  private static String readLog() {
    Path output = Path.of("target", "failsafe-reports", EtcdPrefixBackupIT.class.getName() + "-output.txt");
    try {
      return java.nio.file.Files.exists(output) ? java.nio.file.Files.readString(output) : "";
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void aRestoreIntoAPrefixThatHoldsKeysIsRefusedUnlessReplacing() {
    EtcdKeys into = BackupBed.keysOf(restored);
    String prefix = "/occupied" + PREFIX;
    into.putAll(List.of(new EtcdKeys.KeyValue(EtcdKeys.utf8(prefix + "/other"), EtcdKeys.utf8("x"))));
    assertThatThrownBy(() -> restorer().restore(target, BackupBed.ACME, backup.backupId(), new EtcdPrefixRestore(into, prefix, false)))
        .isInstanceOf(BackupRefusedException.class)
        .hasMessageContaining("etcd prefix " + prefix + "/ already holds 1 keys");
    restorer().restore(target, BackupBed.ACME, backup.backupId(), new EtcdPrefixRestore(into, prefix, true));
    assertThat(into.count(EtcdKeys.utf8(prefix))).isEqualTo(10_000);
  }

  @Test
  void aTamperedByteIsRefusedAndNothingIsWritten() throws Exception {
    BackupManifest copy = copyOfBackup("tampered");
    BackupPath path = BackupPath.of(BackupBed.ACME, copy.backupId());
    byte[] data = download(path);
    data[data.length / 2] ^= 0x01;
    upload(path.data(), data);
    EtcdKeys into = BackupBed.keysOf(restored);
    assertThatThrownBy(() -> restorer().restore(target, BackupBed.ACME, copy.backupId(), new EtcdPrefixRestore(into, "/tampered", false)))
        .isInstanceOf(BackupRefusedException.class)
        .hasMessageContaining("SHA-256")
        .hasMessageContaining("the data was altered");
    // The attacker also fixes the checksum in the manifest: the segment's GCM tag still fails.
    BackupManifest forged = copy.completed(copy.plaintextSize(), copy.ciphertextSize(), sha256(data));
    upload(path.manifest(), forged.toJson());
    assertThatThrownBy(() -> restorer().restore(target, BackupBed.ACME, copy.backupId(), new EtcdPrefixRestore(into, "/tampered", false)))
        .isInstanceOf(BackupRefusedException.class)
        .hasMessageContaining("fails its AES-GCM tag");
    assertThat(into.count(EtcdKeys.utf8("/tampered"))).isZero();
  }

  @Test
  void aBackupIsRefusedUnderAnotherKeyEncryptionKey() {
    KeyEncryptionKeys other = BackupBed.newKeys(dir, "other");
    assertThatThrownBy(() -> new BackupRestorer(other, dir.resolve("work")).verify(target, BackupBed.ACME, backup.backupId()))
        .isInstanceOf(BackupRefusedException.class)
        .hasMessageContaining("cannot unwrap its data key with key " + keys.currentKeyId());
  }

  @Test
  void aBackupOfAnotherTenantIsRefusedNamingBoth() {
    TenantIdentity beta = new TenantIdentity("77aa-beta", "tenants-eu", "acme", "eu", "1.37.2");
    assertThatThrownBy(() -> restorer().verify(target, beta, backup.backupId()))
        .isInstanceOf(BackupRefusedException.class)
        .hasMessageContaining("belongs to TenantCluster tenants-eu/acme (uid 0b5e3c2a-acme)")
        .hasMessageContaining("not to TenantCluster tenants-eu/acme (uid 77aa-beta)");
  }

  @Test
  void aBackupFromAForeignJurisdictionIsRefusedNamingBoth() {
    TenantIdentity inUk = new TenantIdentity("0b5e3c2a-acme", "tenants-eu", "acme", "uk", "1.37.2");
    // The same tenant path under the uk folder: a copy of eu's backup placed there.
    BackupPath ukPath = BackupPath.of(inUk, backup.backupId());
    upload(ukPath.data(), download(BackupPath.of(BackupBed.ACME, backup.backupId())));
    upload(ukPath.manifest(), backup.toJson());
    assertThatThrownBy(() -> restorer().verify(target, inUk, backup.backupId()))
        .isInstanceOf(BackupRefusedException.class)
        .hasMessageContaining("was taken in Jurisdiction eu")
        .hasMessageContaining("is in Jurisdiction uk");
  }

  @Test
  void aManifestEditedToNameAnotherTenantFailsEveryTag() {
    BackupManifest copy = copyOfBackup("edited");
    TenantIdentity beta = new TenantIdentity("77aa-beta", "tenants-eu", "acme", "eu", "1.37.2");
    BackupManifest edited =
        new BackupManifest(copy.formatVersion(), copy.backupId(), beta.uid(), copy.tenantNamespace(), copy.tenantName(),
            copy.jurisdiction(), copy.kubernetesVersion(), copy.sourceKind(), copy.createdAt(), copy.segmentSize(),
            copy.keyId(), copy.wrappedDataKey(), copy.plaintextSize(), copy.ciphertextSize(), copy.ciphertextSha256());
    upload(BackupPath.of(beta, copy.backupId()).manifest(), edited.toJson());
    assertThatThrownBy(() -> restorer().verify(target, beta, copy.backupId()))
        .isInstanceOf(BackupRefusedException.class)
        .hasMessageContaining("segment 0 fails its AES-GCM tag");
  }

  @Test
  void aTruncatedUploadIsNotListedAndIsRefused() {
    BackupManifest copy = copyOfBackup("truncated");
    BackupPath path = BackupPath.of(BackupBed.ACME, copy.backupId());
    byte[] data = download(path);
    // Cut at a segment boundary: what is left is whole segments, none marked last.
    int segment = 12 + BackupWriter.SEGMENT_SIZE + 16;
    upload(path.data(), java.util.Arrays.copyOf(data, segment));
    assertThat(BackupCatalog.complete(target, BackupBed.ACME)).extracting(BackupManifest::backupId).doesNotContain(copy.backupId());
    assertThatThrownBy(() -> restorer().verify(target, BackupBed.ACME, copy.backupId()))
        .isInstanceOf(BackupRefusedException.class)
        .hasMessageContaining("data object is " + segment + " bytes; manifest field ciphertextSize is " + copy.ciphertextSize());
    // With size and checksum forged to match, the missing last segment is still found.
    upload(path.manifest(), copy.completed(copy.plaintextSize(), segment, sha256(java.util.Arrays.copyOf(data, segment))).toJson());
    assertThatThrownBy(() -> restorer().verify(target, BackupBed.ACME, copy.backupId()))
        .isInstanceOf(BackupRefusedException.class)
        .hasMessageContaining("segment 0 (the last) fails its AES-GCM tag");
  }

  @Test
  void aBucketOutsideTheDeclaredRegionIsRefusedBeforeWriting() {
    S3BackupTarget elsewhere =
        S3BackupTarget.connect("eu", "eu-backups", BackupBed.location(s3, BUCKET, "eu-central-1"), s3.accessKey(), s3.secretKey());
    try (elsewhere) {
      assertThatThrownBy(() -> writer(Instant.now()).write(BackupBed.ACME, new EtcdPrefixSource(BackupBed.keysOf(source), PREFIX), elsewhere))
          .isInstanceOf(BackupRefusedException.class)
          .hasMessageContaining("S3 backup target eu-backups of Jurisdiction eu (bucket enclave-eu")
          .hasMessageContaining("the bucket is in region " + s3.region())
          .hasMessageContaining("declares spec.backupTargets[eu-backups].s3.region eu-central-1");
    }
  }

  @Test
  void retentionKeepsTheNewestBackupsAndDeletesDataAndManifest() {
    TenantIdentity gamma = new TenantIdentity("9c-gamma", "tenants-eu", "gamma", "eu", "1.37.2");
    EtcdKeys etcd = BackupBed.keysOf(source);
    BackupBed.fill(etcd, "/enclave/tenants-eu/gamma", 20, 10, 16);
    for (int i = 0; i < 4; i++) {
      writer(Instant.parse("2026-12-07T00:00:00Z").plus(Duration.ofHours(i)))
          .write(gamma, new EtcdPrefixSource(etcd, "/enclave/tenants-eu/gamma"), target);
    }
    List<BackupManifest> before = BackupCatalog.complete(target, gamma);
    assertThat(before).hasSize(4);
    // A backup killed between its data and its manifest, older than the newest complete one, and
    // one still running (started after it): only the first is stale.
    String stale = "20261207t003000z-0000dead";
    String running = "20261207t040000z-0000beef";
    upload(BackupPath.of(gamma, stale).data(), new byte[] {1, 2, 3});
    upload(BackupPath.of(gamma, running).data(), new byte[] {4, 5, 6});
    List<String> deleted = BackupRetention.keepNewest(target, gamma, 2);
    assertThat(deleted).containsExactlyInAnyOrder(before.get(2).backupId(), before.get(3).backupId(), stale);
    assertThat(BackupCatalog.complete(target, gamma)).extracting(BackupManifest::backupId)
        .containsExactly(before.get(0).backupId(), before.get(1).backupId());
    assertThat(target.backupIds(BackupPath.tenantFolder(gamma)))
        .containsExactlyInAnyOrder(before.get(0).backupId(), before.get(1).backupId(), running);
  }

  @Test
  void aFilesystemTargetRoundTripsTooAndListsOnlyWholeBackups() {
    FilesystemBackupTarget files = new FilesystemBackupTarget(dir.resolve("fs-target"));
    EtcdKeys etcd = BackupBed.keysOf(source);
    BackupManifest local = writer(Instant.now()).write(BackupBed.ACME, new EtcdPrefixSource(etcd, PREFIX), files);
    assertThat(BackupCatalog.complete(files, BackupBed.ACME)).extracting(BackupManifest::backupId).containsExactly(local.backupId());
    EtcdKeys into = BackupBed.keysOf(restored);
    restorer().restore(files, BackupBed.ACME, local.backupId(), new EtcdPrefixRestore(into, "/fs" + PREFIX, false));
    assertThat(into.count(EtcdKeys.utf8("/fs" + PREFIX))).isEqualTo(10_000);
  }

  private static BackupWriter writer(Instant at) {
    return new BackupWriter(keys, Clock.fixed(at, ZoneOffset.UTC), new SecureRandom());
  }

  private static BackupRestorer restorer() {
    return new BackupRestorer(keys, dir.resolve("work"));
  }

  /** A second backup of acme to spoil without touching the shared one. */
  private static BackupManifest copyOfBackup(String why) {
    return writer(Instant.now()).write(BackupBed.ACME, new EtcdPrefixSource(BackupBed.keysOf(source), PREFIX), target);
  }

  private static byte[] download(BackupPath path) {
    return target.client().getObjectAsBytes(b -> b.bucket(BUCKET).key(path.data())).asByteArray();
  }

  private static void upload(String key, byte[] bytes) {
    target.client().putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromBytes(bytes));
  }

  private static String sha256(byte[] bytes) {
    try {
      return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, String> asMap(List<EtcdKeys.KeyValue> entries) {
    Map<String, String> map = new LinkedHashMap<>();
    for (EtcdKeys.KeyValue kv : entries) {
      map.put(new String(kv.key(), StandardCharsets.UTF_8), Base64.getEncoder().encodeToString(kv.value()));
    }
    return map;
  }
}
