package dev.enclave.datastore.backup;

import dev.enclave.datastore.etcd.EtcdClient;
import dev.enclave.datastore.etcd.EtcdConnection;
import dev.enclave.datastore.etcd.EtcdKeys;
import dev.enclave.kms.LocalKeyFile;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;

/**
 * A backup in a JVM of its own, for {@link BackupKilledMidwayIT} to SIGKILL during the upload.
 * Arguments: etcd endpoint, prefix, S3 endpoint, access key, bucket, region, key file; the S3 secret
 * key comes in {@code BACKUP_S3_SECRET}, so no log shows it with the command line.
 */
public final class BackupChildProcess {
  private BackupChildProcess() {}

  public static void main(String[] args) {
    EtcdKeys keys = new EtcdKeys(EtcdClient.connect(EtcdConnection.plainHttp(List.of(args[0]))));
    try (S3BackupTarget target =
            S3BackupTarget.connect(
                "eu", "eu-backups", location(args[2], args[4], args[5]), args[3], System.getenv("BACKUP_S3_SECRET"));
        LocalKeyFile kek = LocalKeyFile.open(Path.of(args[6]), new SecureRandom())) {
      BackupManifest manifest =
          new BackupWriter(kek, Clock.systemUTC(), new SecureRandom())
              .write(BackupBed.ACME, new EtcdPrefixSource(keys, args[1]), target);
      System.err.println("child: backup " + manifest.backupId() + " complete");
    }
  }

  private static dev.enclave.api.v1alpha1.S3Location location(String endpoint, String bucket, String region) {
    dev.enclave.api.v1alpha1.S3Location location = new dev.enclave.api.v1alpha1.S3Location();
    location.setEndpoint(endpoint);
    location.setBucket(bucket);
    location.setRegion(region);
    return location;
  }
}
