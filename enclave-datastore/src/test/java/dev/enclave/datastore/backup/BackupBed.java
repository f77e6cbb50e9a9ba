package dev.enclave.datastore.backup;

import dev.enclave.api.v1alpha1.S3Location;
import dev.enclave.datastore.etcd.EtcdClient;
import dev.enclave.datastore.etcd.EtcdConnection;
import dev.enclave.datastore.etcd.EtcdKeys;
import dev.enclave.kms.KeyEncryptionKeys;
import dev.enclave.kms.LocalKeyFile;
import dev.enclave.testbed.Etcd;
import dev.enclave.testbed.S3Server;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** What the backup ITs share: fresh directories, KEK files, etcd clients, S3 locations, test keys. */
final class BackupBed {
  static final TenantIdentity ACME = new TenantIdentity("0b5e3c2a-acme", "tenants-eu", "acme", "eu", "1.37.2");

  private BackupBed() {}

  static Path fresh(Path dir) {
    try {
      if (Files.exists(dir)) {
        try (Stream<Path> all = Files.walk(dir)) {
          for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
            Files.delete(p);
          }
        }
      }
      return Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A LocalKeyFile KEK in a new owner-only file under {@code dir}. */
  static KeyEncryptionKeys newKeys(Path dir, String name) {
    try {
      Path file = dir.resolve(name + ".keys");
      Files.writeString(file, LocalKeyFile.newKeyLine(new SecureRandom()) + "\n");
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      return LocalKeyFile.open(file, new SecureRandom());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static EtcdKeys keysOf(Etcd etcd) {
    return new EtcdKeys(EtcdClient.connect(EtcdConnection.plainHttp(List.of(etcd.endpoint()))));
  }

  static EtcdClient clientOf(Etcd etcd) {
    return EtcdClient.connect(EtcdConnection.plainHttp(List.of(etcd.endpoint())));
  }

  static S3Location location(S3Server s3, String bucket, String region) {
    S3Location location = new S3Location();
    location.setEndpoint(s3.endpoint());
    location.setBucket(bucket);
    location.setRegion(region);
    return location;
  }

  static S3BackupTarget target(S3Server s3, String bucket) {
    return S3BackupTarget.connect("eu", "eu-backups", location(s3, bucket, s3.region()), s3.accessKey(), s3.secretKey());
  }

  /** Creates {@code bucket} on the server, as the platform team would before declaring it. */
  static void createBucket(S3Server s3, String bucket) {
    try (S3BackupTarget target = target(s3, bucket)) {
      target.client().createBucket(b -> b.bucket(bucket));
    }
  }

  /** {@code count} keys {@code prefix/k<i>} with {@code valueBytes} of random bytes each. */
  static List<EtcdKeys.KeyValue> fill(EtcdKeys keys, String prefix, int count, int valueBytes, long seed) {
    java.util.Random random = new java.util.Random(seed);
    List<EtcdKeys.KeyValue> all = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      byte[] value = new byte[valueBytes];
      random.nextBytes(value);
      all.add(new EtcdKeys.KeyValue(EtcdKeys.utf8(prefix + String.format("/k%07d", i)), value));
    }
    keys.putAll(all);
    return all;
  }

  /** Every key and value under {@code prefix}, read by pages, in key order. */
  static List<EtcdKeys.KeyValue> readAll(EtcdKeys keys, String prefix) {
    List<EtcdKeys.KeyValue> all = new ArrayList<>();
    byte[] from = EtcdKeys.utf8(prefix);
    byte[] end = EtcdClient.prefixEnd(from);
    for (int page = 0; page < 10_000; page++) {
      EtcdKeys.Page read = keys.page(from, end, 1000, 0);
      all.addAll(read.entries());
      if (read.last()) {
        return all;
      }
      from = read.next();
    }
    throw new AssertionError("more than 10,000 pages under " + prefix);
  }
}
