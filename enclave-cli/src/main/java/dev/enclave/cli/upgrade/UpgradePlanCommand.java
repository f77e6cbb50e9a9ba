package dev.enclave.cli.upgrade;

import dev.enclave.cli.EnclaveCtl;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code enclavectl upgrade plan}: what a rollout would do, changing nothing. */
@Command(
    name = "plan",
    mixinStandardHelpOptions = true,
    description = "Show which tenant clusters of --jurisdiction would move to --to, in which waves, and which may not.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:the plan can be applied", "1:a tenant may not move to the release", "2:usage error or cluster not reachable"})
final class UpgradePlanCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin RolloutOptions options;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try (var client = options.host.connect()) {
      Optional<UpgradeWaves> plan = options.plan(client, err);
      if (plan.isEmpty()) {
        return RolloutOptions.usage();
      }
      RolloutOptions.print(plan.get(), out);
      return plan.get().refused().isEmpty() ? EnclaveCtl.OK : EnclaveCtl.VIOLATIONS;
    }
  }
}
