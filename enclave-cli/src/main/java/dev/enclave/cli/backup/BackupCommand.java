package dev.enclave.cli.backup;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code enclavectl backup create|list|verify|restore}: a tenant cluster's backups on a live host. */
@Command(
    name = "backup",
    mixinStandardHelpOptions = true,
    description = {
      "Back up, list, verify and restore a tenant cluster's state on a live host cluster, through",
      "the backup target its Jurisdiction declares and the tenant's own backup key. Stores are",
      "reached by the names the cluster gives them (the tenant's Service DNS names)."
    },
    subcommands = {
      BackupCreateCommand.class,
      BackupListCommand.class,
      BackupVerifyCommand.class,
      BackupRestoreCommand.class
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:done",
      "1:the backup or restore was refused or failed",
      "2:usage error, the TenantCluster does not exist, or the cluster could not be asked"
    })
public final class BackupCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getErr());
  }
}
