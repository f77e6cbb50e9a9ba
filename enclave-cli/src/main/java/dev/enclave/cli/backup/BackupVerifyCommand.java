package dev.enclave.cli.backup;

import dev.enclave.cli.EnclaveCtl;
import dev.enclave.datastore.backup.BackupManifest;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code enclavectl backup verify NAMESPACE/NAME ID}: downloads and checks one backup, writes nothing. */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description = {
      "Download backup ID of TenantCluster NAMESPACE/NAME and check it without writing anything:",
      "its tenant and jurisdiction, the data's size and SHA-256, the data key and every GCM tag."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:verified", "1:refused (altered, foreign, unreadable) or failed", "2:usage error or unknown tenant"})
final class BackupVerifyCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin HostOptions host;

  @Parameters(index = "0", paramLabel = "NAMESPACE/NAME", converter = TenantRef.Converter.class)
  TenantRef tenant;

  @Parameters(index = "1", paramLabel = "ID", description = "Backup id, as backup list shows it.")
  String backupId;

  @Override
  public Integer call() {
    return BackupRun.run(host, tenant, spec.commandLine().getOut(), spec.commandLine().getErr(),
        (resolver, backup, out, err) -> {
          BackupManifest verified = CheckedBackup.verify(resolver, backup, backupId, err);
          out.println("backup " + backupId + " of " + backup.identity().describe() + ": verified ("
              + verified.sourceKind() + ", " + verified.plaintextSize() + " bytes, Jurisdiction "
              + verified.jurisdiction() + ", key " + verified.keyId() + ")");
          return EnclaveCtl.OK;
        });
  }
}
