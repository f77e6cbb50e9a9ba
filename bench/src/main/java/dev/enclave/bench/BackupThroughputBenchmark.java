package dev.enclave.bench;

import dev.enclave.api.v1alpha1.S3Location;
import dev.enclave.datastore.backup.BackupManifest;
import dev.enclave.datastore.backup.BackupPath;
import dev.enclave.datastore.backup.DataUpload;
import dev.enclave.datastore.backup.BackupRestorer;
import dev.enclave.datastore.backup.BackupWriter;
import dev.enclave.datastore.backup.EtcdPrefixRestore;
import dev.enclave.datastore.backup.EtcdPrefixSource;
import dev.enclave.datastore.backup.EtcdSnapshotSource;
import dev.enclave.datastore.backup.SegmentEncryptor;
import dev.enclave.datastore.backup.VerifiedBackup;
import dev.enclave.datastore.backup.S3BackupTarget;
import dev.enclave.datastore.backup.TenantIdentity;
import dev.enclave.datastore.etcd.EtcdClient;
import dev.enclave.datastore.etcd.EtcdConnection;
import dev.enclave.datastore.etcd.EtcdKeys;
import dev.enclave.kms.LocalKeyFile;
import dev.enclave.testbed.Command;
import dev.enclave.testbed.Components;
import dev.enclave.testbed.Directories;
import dev.enclave.testbed.Etcd;
import dev.enclave.testbed.S3Server;
import dev.enclave.testbed.Testbed;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.crypto.spec.SecretKeySpec;

/**
 * {@code bench/run backup-throughput}: 100,000 keys of 1 KiB (about 100 MB) under one tenant's
 * prefix of a real etcd, backed up encrypted (AES-256-GCM segments, data key wrapped by a local
 * KEK) to a real S3 server (s3proxy, filesystem backend) and restored, verified, into a fresh etcd.
 * Baseline in the same run: {@code etcdctl snapshot save} of the same etcd to a local file, and
 * {@code etcdutl snapshot restore} of that file; also the same etcd backed up as an encrypted
 * snapshot (the embedded-etcd kind). Also
 * measured apart, to say where the time goes: reading the prefix alone (into nothing), reading and
 * encrypting (into nothing, a throw-away key), uploading as many bytes straight to S3, and a restore's verification alone (download,
 * checksum, decrypt into a temp file).
 */
public final class BackupThroughputBenchmark {
  static final int KEYS = 100_000;
  static final int VALUE_BYTES = 1024;
  static final String PREFIX = "/enclave/tenants-eu/bench";
  static final TenantIdentity TENANT = new TenantIdentity("bench-uid", "tenants-eu", "bench", "eu", "1.37.2");
  static final TenantIdentity SNAPSHOT_TENANT = new TenantIdentity("bench-snap-uid", "tenants-eu", "bench-snap", "eu", "1.37.2");

  private BackupThroughputBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path results = Path.of(args.length > 0 ? args[0] : "bench/results/backup-throughput.json");
    Components components = Components.fromEnvironment();
    Path dir = Testbed.directory().resolve("backup-throughput");
    Directories.recreate(dir);
    try (Etcd source = Etcd.start(components, dir.resolve("etcd-source"));
        Etcd restored = Etcd.start(components, dir.resolve("etcd-restored"));
        S3Server s3 = S3Server.start(dir.resolve("s3"));
        S3BackupTarget target = S3BackupTarget.connect("eu", "eu-backups", location(s3), s3.accessKey(), s3.secretKey());
        LocalKeyFile kek = LocalKeyFile.open(keyFile(dir), new SecureRandom())) {
      target.client().createBucket(b -> b.bucket("enclave-eu"));
      EtcdKeys keys = keysOf(source);
      long fillStart = System.nanoTime();
      long stateBytes = fill(keys);
      double fillSeconds = BenchmarkResult.seconds(System.nanoTime() - fillStart);
      System.out.printf("filled %,d keys (%,d bytes) in %.1f s%n", KEYS, stateBytes, fillSeconds);

      Path snapshot = dir.resolve("baseline.db");
      long snapStart = System.nanoTime();
      Command.Result saved = source.etcdctl(components, "snapshot", "save", snapshot.toString());
      double snapshotSeconds = BenchmarkResult.seconds(System.nanoTime() - snapStart);
      if (!Files.exists(snapshot)) {
        throw new IllegalStateException("etcdctl snapshot save wrote nothing: " + saved);
      }
      long snapshotBytes = Files.size(snapshot);

      // Where the backup's time goes: reading the prefix alone, then reading and encrypting.
      long readStart = System.nanoTime();
      new EtcdPrefixSource(keys, PREFIX).writeTo(OutputStream.nullOutputStream());
      double readSeconds = BenchmarkResult.seconds(System.nanoTime() - readStart);
      long encryptStart = System.nanoTime();
      long readEncryptBytes;
      try (SegmentEncryptor sealed =
          new SegmentEncryptor(new SecretKeySpec(new byte[32], "AES"), new byte[32], BackupWriter.SEGMENT_SIZE, OutputStream.nullOutputStream())) {
        new EtcdPrefixSource(keys, PREFIX).writeTo(sealed);
        sealed.finish();
        readEncryptBytes = sealed.ciphertextSize();
      }
      double readEncryptSeconds = BenchmarkResult.seconds(System.nanoTime() - encryptStart);

      long uploadStart = System.nanoTime();
      long uploaded = uploadOnly(target, readEncryptBytes);
      double uploadSeconds = BenchmarkResult.seconds(System.nanoTime() - uploadStart);

      long backupStart = System.nanoTime();
      BackupManifest manifest =
          new BackupWriter(kek, Clock.systemUTC(), new SecureRandom()).write(TENANT, new EtcdPrefixSource(keys, PREFIX), target);
      double backupSeconds = BenchmarkResult.seconds(System.nanoTime() - backupStart);

      // The same etcd as an encrypted snapshot backup (the embedded-etcd kind), and etcdutl's
      // plain restore of the baseline snapshot.
      long snapshotBackupStart = System.nanoTime();
      BackupManifest snapshotBackup =
          new BackupWriter(kek, Clock.systemUTC(), new SecureRandom())
              .write(SNAPSHOT_TENANT, new EtcdSnapshotSource(EtcdClient.connect(EtcdConnection.plainHttp(List.of(source.endpoint())))), target);
      double snapshotBackupSeconds = BenchmarkResult.seconds(System.nanoTime() - snapshotBackupStart);
      long utlStart = System.nanoTime();
      Command.Result utl =
          Command.run(components.tool("etcdutl"),
              List.of("snapshot", "restore", snapshot.toString(), "--data-dir=" + dir.resolve("baseline-restored")),
              java.util.Map.of(), java.time.Duration.ofMinutes(10));
      double baselineRestoreSeconds = BenchmarkResult.seconds(System.nanoTime() - utlStart);
      if (utl.exitCode() != 0) {
        throw new IllegalStateException("etcdutl snapshot restore failed: " + utl.stdout() + utl.stderr());
      }

      long verifyStart = System.nanoTime();
      try (VerifiedBackup verified = new BackupRestorer(kek, dir.resolve("work")).verify(target, TENANT, manifest.backupId())) {
        // download, checksum, unwrap and decrypt only
      }
      double verifySeconds = BenchmarkResult.seconds(System.nanoTime() - verifyStart);

      EtcdKeys into = keysOf(restored);
      long restoreStart = System.nanoTime();
      new BackupRestorer(kek, dir.resolve("work"))
          .restore(target, TENANT, manifest.backupId(), new EtcdPrefixRestore(into, PREFIX, false));
      double restoreSeconds = BenchmarkResult.seconds(System.nanoTime() - restoreStart);
      long restoredKeys = into.count(EtcdKeys.utf8(PREFIX + "/"));
      if (restoredKeys != KEYS) {
        throw new IllegalStateException("restored " + restoredKeys + " keys, expected " + KEYS);
      }

      double mb = 1e6;
      double backupMBps = manifest.plaintextSize() / mb / backupSeconds;
      double baselineMBps = snapshotBytes / mb / snapshotSeconds;
      new BenchmarkResult()
          // The figures the issue names: bytes backed up, MB/s each way, the baseline's MB/s and
          // ratio = backupMBps / baselineMBps (goal at least 0.7).
          .put("bytes", manifest.plaintextSize())
          .put("baselineMBps", baselineMBps)
          .put("ratio", backupMBps / baselineMBps)
          .put("keys", KEYS)
          .put("valueBytes", VALUE_BYTES)
          .put("stateBytes", stateBytes)
          .put("plaintextBytes", manifest.plaintextSize())
          .put("ciphertextBytes", manifest.ciphertextSize())
          .put("fillSeconds", fillSeconds)
          .put("backupSeconds", backupSeconds)
          .put("backupMBps", backupMBps)
          .put("readOnlySeconds", readSeconds)
          .put("readAndEncryptSeconds", readEncryptSeconds)
          .put("uploadOnlySeconds", uploadSeconds)
          .put("uploadOnlyBytes", uploaded)
          .put("verifyOnlySeconds", verifySeconds)
          .put("restoreSeconds", restoreSeconds)
          .put("restoreMBps", manifest.plaintextSize() / mb / restoreSeconds)
          .put("baselineSnapshotSeconds", snapshotSeconds)
          .put("baselineSnapshotBytes", snapshotBytes)
          .put("baselineSnapshotMBps", baselineMBps)
          .put("backupToSnapshotRatio", backupSeconds / snapshotSeconds)
          .put("snapshotBackupSeconds", snapshotBackupSeconds)
          .put("snapshotBackupPlaintextBytes", snapshotBackup.plaintextSize())
          .put("snapshotBackupToSnapshotRatio", snapshotBackupSeconds / snapshotSeconds)
          .put("baselineEtcdutlRestoreSeconds", baselineRestoreSeconds)
          .put("restoreToEtcdutlRatio", restoreSeconds / baselineRestoreSeconds)
          .put("restoredKeys", restoredKeys)
          .write(results);
    }
  }

  /** Writes the keys in 128-put transactions, a bounded loop; returns the key and value bytes written. */
  private static long fill(EtcdKeys keys) {
    Random random = new Random(14);
    long bytes = 0;
    List<EtcdKeys.KeyValue> batch = new ArrayList<>();
    for (int i = 0; i < KEYS; i++) {
      byte[] value = new byte[VALUE_BYTES];
      random.nextBytes(value);
      byte[] key = EtcdKeys.utf8(PREFIX + String.format("/k%07d", i));
      batch.add(new EtcdKeys.KeyValue(key, value));
      bytes += key.length + value.length;
      if (batch.size() == EtcdKeys.TXN_OPS * 8) {
        keys.putAll(batch);
        batch.clear();
      }
    }
    keys.putAll(batch);
    return bytes;
  }

  /** The same number of bytes written straight into an S3 data object (multipart), then deleted. */
  private static long uploadOnly(S3BackupTarget target, long bytes) throws java.io.IOException {
    BackupPath path = new BackupPath("eu", "tenants-eu", "upload-only", "probe");
    byte[] chunk = new byte[1 << 20];
    new Random(5).nextBytes(chunk);
    long written = 0;
    try (DataUpload upload = target.upload(path)) {
      while (written < bytes) {
        int n = (int) Math.min(chunk.length, bytes - written);
        upload.write(chunk, 0, n);
        written += n;
      }
    }
    target.delete(path);
    return written;
  }

  private static EtcdKeys keysOf(Etcd etcd) {
    return new EtcdKeys(EtcdClient.connect(EtcdConnection.plainHttp(List.of(etcd.endpoint()))));
  }

  private static S3Location location(S3Server s3) {
    S3Location location = new S3Location();
    location.setEndpoint(s3.endpoint());
    location.setBucket("enclave-eu");
    location.setRegion(s3.region());
    return location;
  }

  private static Path keyFile(Path dir) throws java.io.IOException {
    Path file = dir.resolve("eu.keys");
    Files.writeString(file, LocalKeyFile.newKeyLine(new SecureRandom()) + "\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    return file;
  }
}
