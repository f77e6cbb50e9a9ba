package dev.enclave.cli.upgrade;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code enclavectl upgrade plan|apply}: a Kubernetes release rolled out across a jurisdiction. */
@Command(
    name = "upgrade",
    mixinStandardHelpOptions = true,
    description = {
      "Roll a Kubernetes release out across the tenant clusters of one jurisdiction on a live host,",
      "in waves of at most --max-parallel tenants: each wave must be upgraded (backup, API server,",
      "then controller-manager and scheduler, then the health gate) before the next starts."
    },
    subcommands = {UpgradePlanCommand.class, UpgradeApplyCommand.class},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:every tenant runs the release (plan: the plan can be applied)",
      "1:a tenant may not move, or an upgrade stopped (where and why is printed)",
      "2:usage error, unknown jurisdiction, or the cluster could not be asked"
    })
public final class UpgradeCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getErr());
  }
}
