package dev.enclave.datastore.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.enclave.datastore.etcd.EtcdKeys;
import dev.enclave.kms.KeyEncryptionKeys;
import dev.enclave.testbed.Await;
import dev.enclave.testbed.Components;
import dev.enclave.testbed.Etcd;
import dev.enclave.testbed.ManagedProcess;
import dev.enclave.testbed.S3Server;
import dev.enclave.testbed.Testbed;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A backup cut short, by SIGKILL of its JVM or by a failing source, is never listed as complete. */
class BackupKilledMidwayIT {
  private static final String PREFIX = "/enclave/tenants-eu/acme";
  private static final String BUCKET = "enclave-eu";

  private static Path dir;
  private static Etcd etcd;
  private static S3Server s3;
  private static S3BackupTarget target;

  @BeforeAll
  static void start() {
    Components components = Components.fromEnvironment();
    dir = BackupBed.fresh(Testbed.directory().resolve("backup-killed"));
    etcd = Etcd.start(components, dir.resolve("etcd"));
    s3 = S3Server.start(dir.resolve("s3"));
    BackupBed.createBucket(s3, BUCKET);
    target = BackupBed.target(s3, BUCKET);
    // ~48 MiB: six 8 MiB parts, so the child is killed with parts uploaded and more to come.
    BackupBed.fill(BackupBed.keysOf(etcd), PREFIX, 48_000, 1024, 21);
  }

  @AfterAll
  static void stop() {
    if (target != null) {
      target.close();
    }
    if (s3 != null) {
      s3.close();
    }
    if (etcd != null) {
      etcd.close();
    }
  }

  @Test
  void whenTheBackupJvmIsKilledDuringTheUploadThenNoBackupIsListedAsComplete() {
    BackupBed.newKeys(dir, "eu");
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    List<String> args =
        List.of(
            "-cp", System.getProperty("java.class.path"), BackupChildProcess.class.getName(),
            etcd.endpoint(), PREFIX, s3.endpoint(), s3.accessKey(), BUCKET, s3.region(),
            dir.resolve("eu.keys").toString());
    ManagedProcess child = ManagedProcess.start(
            "backup-child", java, args, Map.of("BACKUP_S3_SECRET", s3.secretKey()), dir.resolve("child.log"));
    try {
      Await.until(
          "the child uploads its first part", Duration.ofSeconds(60), Duration.ofMillis(20),
          () -> child.tail(50).contains("uploaded part 1 ") || !child.isAlive(), () -> child.tail(40));
      ProcessHandle.of(child.pid()).ifPresent(ProcessHandle::destroyForcibly); // SIGKILL
      Await.until("the child is gone", Duration.ofSeconds(10), () -> !child.isAlive(), () -> child.tail(40));
    } finally {
      child.close();
    }
    assertThat(child.tail(200)).contains("uploaded part 1 ").doesNotContain("child: backup");
    assertThat(BackupCatalog.complete(target, BackupBed.ACME)).isEmpty();
  }

  @Test
  void whenTheSourceFailsMidwayThenTheMultipartUploadIsAbortedAndNothingIsListed() {
    KeyEncryptionKeys keys = BackupBed.newKeys(dir, "abort");
    TenantIdentity beta = new TenantIdentity("5e-beta", "tenants-eu", "beta", "eu", "1.37.2");
    BackupSource failing =
        new BackupSource() {
          @Override
          public SourceKind kind() {
            return SourceKind.ETCD_PREFIX;
          }

          @Override
          public void writeTo(OutputStream out) throws IOException {
            new EtcdPrefixSource(BackupBed.keysOf(etcd), PREFIX).writeTo(new OutputStream() {
              private long written;

              @Override
              public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
              }

              @Override
              public void write(byte[] b, int off, int len) throws IOException {
                written += len;
                if (written > 20L << 20) {
                  throw new IOException("etcd went away after " + written + " bytes");
                }
                out.write(b, off, len);
              }
            });
          }
        };
    assertThatThrownBy(() -> new BackupWriter(keys, Clock.systemUTC(), new SecureRandom()).write(beta, failing, target))
        .hasMessageContaining("backup")
        .hasMessageContaining("of TenantCluster tenants-eu/beta (uid 5e-beta) failed");
    assertThat(BackupCatalog.complete(target, beta)).isEmpty();
    assertThat(target.backupIds(BackupPath.tenantFolder(beta))).isEmpty();
    assertThat(target.client().listMultipartUploads(b -> b.bucket(BUCKET).prefix(BackupPath.tenantFolder(beta))).uploads())
        .isEmpty();
  }
}
