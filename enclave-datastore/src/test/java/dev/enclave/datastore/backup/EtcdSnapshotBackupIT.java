package dev.enclave.datastore.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.enclave.datastore.etcd.EtcdSnapshot;
import dev.enclave.kms.KeyEncryptionKeys;
import dev.enclave.testbed.Components;
import dev.enclave.testbed.Etcd;
import dev.enclave.testbed.Ports;
import dev.enclave.testbed.S3Server;
import dev.enclave.testbed.Testbed;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An embedded etcd's snapshot streamed over etcd's gRPC API, encrypted to S3, and verified back: the
 * decrypted bytes end with the SHA-256 etcd appends, as {@code etcdctl snapshot save} writes them,
 * and {@code etcdutl snapshot restore} makes a data directory a fresh etcd serves the same keys from.
 */
class EtcdSnapshotBackupIT {
  private static final String BUCKET = "enclave-eu";
  private static Path dir;
  private static Etcd etcd;
  private static S3Server s3;
  private static S3BackupTarget target;

  @BeforeAll
  static void start() {
    dir = BackupBed.fresh(Testbed.directory().resolve("etcd-snapshot-backup"));
    etcd = Etcd.start(Components.fromEnvironment(), dir.resolve("etcd"));
    s3 = S3Server.start(dir.resolve("s3"));
    BackupBed.createBucket(s3, BUCKET);
    target = BackupBed.target(s3, BUCKET);
    BackupBed.fill(BackupBed.keysOf(etcd), "/registry/configmaps/default", 3_000, 1024, 7);
  }

  @AfterAll
  static void stop() {
    for (AutoCloseable c : new AutoCloseable[] {target, s3, etcd}) {
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
  void whenAnEmbeddedEtcdIsSnapshottedThenTheVerifiedPlaintextIsAnIntactEtcdSnapshot() throws Exception {
    KeyEncryptionKeys keys = BackupBed.newKeys(dir, "eu");
    BackupManifest manifest =
        new BackupWriter(keys, Clock.systemUTC(), new SecureRandom())
            .write(BackupBed.ACME, new EtcdSnapshotSource(BackupBed.clientOf(etcd)), target);
    assertThat(manifest.sourceKind()).isEqualTo("etcd-snapshot");
    assertThat(manifest.plaintextSize()).isGreaterThan(3_000L * 1024);
    try (VerifiedBackup verified = new BackupRestorer(keys, dir.resolve("work")).verify(target, BackupBed.ACME, manifest.backupId())) {
      byte[] snapshot = Files.readAllBytes(verified.plaintext());
      assertThat(snapshot).hasSize((int) manifest.plaintextSize());
      assertThat(EtcdSnapshot.verify(snapshot)).isTrue();
      snapshot[snapshot.length / 3] ^= 1;
      assertThat(EtcdSnapshot.verify(snapshot)).isFalse();
    }
  }

  @Test
  void whenASnapshotIsRestoredWithEtcdutlThenAFreshEtcdServesTheSameKeys() {
    KeyEncryptionKeys keys = BackupBed.newKeys(dir, "restore");
    BackupManifest manifest =
        new BackupWriter(keys, Clock.systemUTC(), new SecureRandom())
            .write(BackupBed.ACME, new EtcdSnapshotSource(BackupBed.clientOf(etcd)), target);
    Components components = Components.fromEnvironment();
    Path member = dir.resolve("etcd-restored");
    EtcdSnapshotRestore sink =
        new EtcdSnapshotRestore(components.tool("etcdutl"), member.resolve("data"), "testbed", "http://127.0.0.1:" + Ports.free());
    new BackupRestorer(keys, dir.resolve("work")).restore(target, BackupBed.ACME, manifest.backupId(), sink);
    try (Etcd restored = Etcd.start(components, member)) {
      Map<String, String> original = asMap(BackupBed.readAll(BackupBed.keysOf(etcd), "/registry/configmaps/default"));
      assertThat(original).hasSize(3_000);
      assertThat(asMap(BackupBed.readAll(BackupBed.keysOf(restored), "/registry/configmaps/default"))).isEqualTo(original);
    }
    assertThatThrownBy(() -> new BackupRestorer(keys, dir.resolve("work")).restore(target, BackupBed.ACME, manifest.backupId(), sink))
        .isInstanceOf(BackupRefusedException.class)
        .hasMessageContaining("etcd data directory " + member.resolve("data") + " is not empty");
  }

  private static Map<String, String> asMap(java.util.List<dev.enclave.datastore.etcd.EtcdKeys.KeyValue> entries) {
    Map<String, String> map = new java.util.TreeMap<>();
    for (dev.enclave.datastore.etcd.EtcdKeys.KeyValue kv : entries) {
      map.put(new String(kv.key(), java.nio.charset.StandardCharsets.UTF_8), java.util.Base64.getEncoder().encodeToString(kv.value()));
    }
    return map;
  }

  @Test
  void aSnapshotBackupIsNotRestoredAsAPrefix() {
    KeyEncryptionKeys keys = BackupBed.newKeys(dir, "kind");
    BackupManifest manifest =
        new BackupWriter(keys, Clock.systemUTC(), new SecureRandom())
            .write(BackupBed.ACME, new EtcdSnapshotSource(BackupBed.clientOf(etcd)), target);
    assertThatThrownBy(() -> new BackupRestorer(keys, dir.resolve("work"))
            .restore(target, BackupBed.ACME, manifest.backupId(), new EtcdPrefixRestore(BackupBed.keysOf(etcd), "/empty", false)))
        .isInstanceOf(BackupRefusedException.class)
        .hasMessageContaining("manifest field sourceKind is etcd-snapshot; this restore takes etcd-prefix");
  }
}
