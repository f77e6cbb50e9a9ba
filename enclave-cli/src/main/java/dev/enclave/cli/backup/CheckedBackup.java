package dev.enclave.cli.backup;

import dev.enclave.datastore.backup.BackupManifest;
import dev.enclave.datastore.backup.BackupRestorer;
import dev.enclave.datastore.backup.BackupWriter;
import dev.enclave.datastore.backup.VerifiedBackup;
import dev.enclave.operator.backup.TenantBackup;
import dev.enclave.operator.backup.TenantBackupResolver;
import java.io.IOException;
import java.io.PrintWriter;
import java.security.SecureRandom;
import java.time.Clock;

/**
 * A backup taken now and read back at once with every check of a restore (tenant, jurisdiction,
 * size, SHA-256, key, GCM tags), with progress lines on {@code err}: what {@code backup create}
 * and {@code backup verify} do one after the other, for a verb that must not go on without a
 * readable backup.
 */
public final class CheckedBackup {
  private CheckedBackup() {}

  /** The verified backup's manifest. */
  public static BackupManifest take(TenantBackupResolver resolver, TenantBackup backup, PrintWriter err)
      throws IOException {
    return verify(resolver, backup, write(resolver, backup, err).backupId(), err);
  }

  /** Writes a backup of the tenant now, with its progress on {@code err}; its manifest. */
  static BackupManifest write(TenantBackupResolver resolver, TenantBackup backup, PrintWriter err) {
    String who = backup.identity().namespace() + "/" + backup.identity().name();
    TransferProgress progress = new TransferProgress(err, BackupRun.tty(), "backup " + who, System::nanoTime);
    BackupWriter writer = new BackupWriter(resolver.keysForBackup(backup), Clock.systemUTC(), new SecureRandom());
    BackupManifest manifest =
        writer.write(backup.identity(), CountingStreams.source(resolver.source(backup), progress), backup.target());
    progress.done();
    return manifest;
  }

  /** Reads backup {@code backupId} back with every check of a restore, writing nothing; its manifest. */
  static BackupManifest verify(TenantBackupResolver resolver, TenantBackup backup, String backupId, PrintWriter err)
      throws IOException {
    TransferProgress progress = new TransferProgress(err, BackupRun.tty(), "download " + backupId, System::nanoTime);
    try (WorkDirectory work = WorkDirectory.create();
        VerifiedBackup verified =
            new BackupRestorer(resolver.keysForReading(backup), work.path())
                .verify(CountingStreams.downloads(backup.target(), progress), backup.identity(), backupId)) {
      progress.done();
      return verified.manifest();
    }
  }
}
