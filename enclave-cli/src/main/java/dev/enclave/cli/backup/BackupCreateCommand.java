package dev.enclave.cli.backup;

import dev.enclave.cli.EnclaveCtl;
import dev.enclave.datastore.backup.BackupManifest;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code enclavectl backup create NAMESPACE/NAME}: takes a backup of a tenant cluster now. */
@Command(
    name = "create",
    mixinStandardHelpOptions = true,
    description = "Take a backup of TenantCluster NAMESPACE/NAME now; prints its id.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:backup complete", "1:refused or failed", "2:usage error or unknown tenant"})
final class BackupCreateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin HostOptions host;

  @Parameters(paramLabel = "NAMESPACE/NAME", converter = TenantRef.Converter.class)
  TenantRef tenant;

  @Override
  public Integer call() {
    return BackupRun.run(host, tenant, spec.commandLine().getOut(), spec.commandLine().getErr(),
        (resolver, backup, out, err) -> {
          BackupManifest manifest = CheckedBackup.write(resolver, backup, err);
          out.println(manifest.backupId());
          err.println("backup " + manifest.backupId() + " of " + backup.identity().describe() + " complete in "
              + backup.target().describe() + " (" + manifest.plaintextSize() + " bytes, key " + manifest.keyId() + ")");
          return EnclaveCtl.OK;
        });
  }
}
