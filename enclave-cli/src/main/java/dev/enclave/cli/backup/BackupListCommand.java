package dev.enclave.cli.backup;

import dev.enclave.cli.EnclaveCtl;
import dev.enclave.datastore.backup.BackupCatalog;
import dev.enclave.datastore.backup.BackupManifest;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code enclavectl backup list NAMESPACE/NAME}: the tenant's complete backups, newest first. */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    description = "List the complete backups of TenantCluster NAMESPACE/NAME, newest first.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:listed (possibly none)", "1:the target could not be read", "2:usage error or unknown tenant"})
final class BackupListCommand implements Callable<Integer> {
  static final String FORMAT = "%-26s  %-20s  %12s  %-13s  %s%n";

  @Spec CommandSpec spec;
  @Mixin HostOptions host;

  @Parameters(paramLabel = "NAMESPACE/NAME", converter = TenantRef.Converter.class)
  TenantRef tenant;

  @Override
  public Integer call() {
    return BackupRun.run(host, tenant, spec.commandLine().getOut(), spec.commandLine().getErr(),
        (resolver, backup, out, err) -> {
          List<BackupManifest> complete = BackupCatalog.complete(backup.target(), backup.identity());
          out.printf(FORMAT, "ID", "CREATED", "SIZE", "KIND", "KEY");
          for (BackupManifest m : complete) {
            out.printf(FORMAT, m.backupId(), m.createdAt(), m.ciphertextSize(), m.sourceKind(), m.keyId());
          }
          err.println(complete.size() + " complete backup(s) of " + backup.identity().describe() + " in "
              + backup.target().describe());
          return EnclaveCtl.OK;
        });
  }
}
