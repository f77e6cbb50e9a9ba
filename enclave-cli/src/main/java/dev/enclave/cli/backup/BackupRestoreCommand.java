package dev.enclave.cli.backup;

import dev.enclave.cli.EnclaveCtl;
import dev.enclave.core.controlplane.HostNames;
import dev.enclave.datastore.backup.BackupManifest;
import dev.enclave.datastore.backup.BackupRestorer;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code enclavectl backup restore NAMESPACE/NAME ID}: writes a verified backup back into the tenant's store. */
@Command(
    name = "restore",
    mixinStandardHelpOptions = true,
    description = {
      "Verify backup ID of TenantCluster NAMESPACE/NAME, then write it back into the tenant's store.",
      "Refuses a store that holds keys unless --replace, and a backup of another tenant or jurisdiction."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:restored", "1:refused or failed (nothing written when refused)", "2:usage error or unknown tenant"})
final class BackupRestoreCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin HostOptions host;

  @Parameters(index = "0", paramLabel = "NAMESPACE/NAME", converter = TenantRef.Converter.class)
  TenantRef tenant;

  @Parameters(index = "1", paramLabel = "ID", description = "Backup id, as backup list shows it.")
  String backupId;

  @Option(names = "--replace", description = "Delete what the tenant's store holds before restoring.")
  boolean replace;

  @Override
  public Integer call() {
    return BackupRun.run(host, tenant, spec.commandLine().getOut(), spec.commandLine().getErr(),
        (resolver, backup, out, err) -> {
          TransferProgress progress = new TransferProgress(err, BackupRun.tty(), "download " + backupId, System::nanoTime);
          try (WorkDirectory work = WorkDirectory.create()) {
            BackupManifest manifest =
                new BackupRestorer(resolver.keysForReading(backup), work.path())
                    .restore(CountingStreams.downloads(backup.target(), progress), backup.identity(), backupId,
                        resolver.sink(backup, replace));
            progress.done();
            out.println("backup " + backupId + " restored into " + backup.identity().describe() + " ("
                + manifest.plaintextSize() + " bytes)");
            int added = resolver.restoreKmsKeys(backup);
            if (added > 0) {
              out.println("added " + added + " KMS key line(s) kept with its backups to "
                  + HostNames.kmsKeySecret(backup.tenant()) + ", so its restored Secrets can be read");
            }
          }
          return EnclaveCtl.OK;
        });
  }
}
