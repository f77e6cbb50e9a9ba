package dev.enclave.bench;

import dev.enclave.api.v1alpha1.S3Location;
import dev.enclave.datastore.backup.BackupManifest;
import dev.enclave.datastore.backup.BackupRestorer;
import dev.enclave.datastore.backup.BackupWriter;
import dev.enclave.datastore.backup.EtcdPrefixRestore;
import dev.enclave.datastore.backup.EtcdPrefixSource;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * {@code bench/run backup-throughput}: 100,000 keys of 1 KiB (about 100 MB) under one tenant's
 * prefix of a real etcd, backed up encrypted (AES-256-GCM segments, data key wrapped by a local
 * KEK) to a real S3 server (s3proxy, filesystem backend) and restored, verified, into a fresh etcd.
 * Baseline in the same run: {@code etcdctl snapshot save} of the same etcd to a local file.
 */
public final class BackupThroughputBenchmark {
  static final int KEYS = 100_000;
  static final int VALUE_BYTES = 1024;
  static final String PREFIX = "/enclave/tenants-eu/bench";
  static final TenantIdentity TENANT = new TenantIdentity("bench-uid", "tenants-eu", "bench", "eu", "1.37.2");

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

      long backupStart = System.nanoTime();
      BackupManifest manifest =
          new BackupWriter(kek, Clock.systemUTC(), new SecureRandom()).write(TENANT, new EtcdPrefixSource(keys, PREFIX), target);
      double backupSeconds = BenchmarkResult.seconds(System.nanoTime() - backupStart);

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
      new BenchmarkResult()
          .put("keys", KEYS)
          .put("valueBytes", VALUE_BYTES)
          .put("stateBytes", stateBytes)
          .put("plaintextBytes", manifest.plaintextSize())
          .put("ciphertextBytes", manifest.ciphertextSize())
          .put("fillSeconds", fillSeconds)
          .put("backupSeconds", backupSeconds)
          .put("backupMBps", manifest.plaintextSize() / mb / backupSeconds)
          .put("restoreSeconds", restoreSeconds)
          .put("restoreMBps", manifest.plaintextSize() / mb / restoreSeconds)
          .put("baselineSnapshotSeconds", snapshotSeconds)
          .put("baselineSnapshotBytes", snapshotBytes)
          .put("baselineSnapshotMBps", snapshotBytes / mb / snapshotSeconds)
          .put("backupToSnapshotRatio", backupSeconds / snapshotSeconds)
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
