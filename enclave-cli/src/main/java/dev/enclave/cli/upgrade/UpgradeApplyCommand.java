package dev.enclave.cli.upgrade;

import dev.enclave.api.v1alpha1.TenantCluster;
import dev.enclave.cli.EnclaveCtl;
import dev.enclave.cli.playground.DurationConverter;
import dev.enclave.operator.status.Conditions;
import dev.enclave.operator.tenant.TenantUpgrades;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code enclavectl upgrade apply}: sets {@code spec.kubernetesVersion} on each wave's tenant
 * clusters, waits until the operator reports each upgraded ({@code status.version} the release,
 * phase Ready), and stops at the first that fails or is refused, saying where.
 */
@Command(
    name = "apply",
    mixinStandardHelpOptions = true,
    description = {
      "Upgrade the tenant clusters of --jurisdiction to --to, wave by wave; each wave must finish",
      "(status.version the release, Ready) before the next starts. Stops at the first failure."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:every tenant of the jurisdiction runs the release",
      "1:refused before starting, or an upgrade stopped (where and why is printed)",
      "2:usage error or cluster not reachable"
    })
final class UpgradeApplyCommand implements Callable<Integer> {
  private static final Duration POLL = Duration.ofSeconds(2);

  @Spec CommandSpec spec;
  @Mixin RolloutOptions options;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = "30m",
      converter = DurationConverter.class,
      description = "How long one wave may take (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  @Option(
      names = "--without-backup",
      paramLabel = "REASON",
      description = "Upgrade without the pre-upgrade backup, for this recorded reason (sets "
          + TenantUpgrades.WITHOUT_BACKUP + ").")
  String withoutBackup;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (withoutBackup != null && withoutBackup.isBlank()) {
      err.println("--without-backup: a reason is required, e.g. --without-backup \"no backup target in this lab\"");
      return RolloutOptions.usage();
    }
    try (KubernetesClient client = options.host.connect()) {
      Optional<UpgradeWaves> planned = options.plan(client, err);
      if (planned.isEmpty()) {
        return RolloutOptions.usage();
      }
      UpgradeWaves plan = planned.get();
      RolloutOptions.print(plan, out);
      if (!plan.refused().isEmpty()) {
        err.println("refused before changing anything: " + plan.refused().size()
            + " tenant(s) may not move to " + plan.to() + " (see above)");
        return EnclaveCtl.VIOLATIONS;
      }
      for (int i = 0; i < plan.waves().size(); i++) {
        Optional<String> stopped = wave(client, plan.waves().get(i), plan.to(), out);
        if (stopped.isPresent()) {
          List<String> untouched = new ArrayList<>();
          plan.waves().subList(i + 1, plan.waves().size())
              .forEach(w -> w.forEach(e -> untouched.add(e.ref())));
          err.println("wave " + (i + 1) + " stopped: " + stopped.get());
          err.println(untouched.isEmpty()
              ? "no later wave was started"
              : "not started: " + String.join(", ", untouched));
          return EnclaveCtl.VIOLATIONS;
        }
        out.println("wave " + (i + 1) + " done");
      }
      out.println("every tenant cluster of " + plan.jurisdiction() + " runs " + plan.to());
      return EnclaveCtl.OK;
    } catch (KubernetesClientException e) {
      err.println("the host cluster did not answer: " + e.getMessage());
      return RolloutOptions.usage();
    }
  }

  /** Empty once every tenant of the wave runs {@code to}; else which one stopped and why. */
  private Optional<String> wave(
      KubernetesClient client, List<UpgradeWaves.Entry> wave, String to, PrintWriter out)
      throws InterruptedException {
    for (UpgradeWaves.Entry e : wave) {
      client.resources(TenantCluster.class)
          .inNamespace(e.tenant().getMetadata().getNamespace())
          .withName(e.tenant().getMetadata().getName())
          .edit(t -> {
            t.getSpec().setKubernetesVersion(to);
            if (withoutBackup != null) {
              Map<String, String> annotations = new HashMap<>(
                  t.getMetadata().getAnnotations() == null ? Map.of() : t.getMetadata().getAnnotations());
              annotations.put(TenantUpgrades.WITHOUT_BACKUP, withoutBackup.strip());
              t.getMetadata().setAnnotations(annotations);
            }
            return t;
          });
      out.println(e.ref() + ": spec.kubernetesVersion set to " + to);
    }
    Map<String, String> shown = new LinkedHashMap<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      List<String> waiting = new ArrayList<>();
      for (UpgradeWaves.Entry e : wave) {
        TenantCluster now = client.resources(TenantCluster.class)
            .inNamespace(e.tenant().getMetadata().getNamespace())
            .withName(e.tenant().getMetadata().getName())
            .get();
        if (now == null) {
          return Optional.of(e.ref() + ": the TenantCluster was deleted");
        }
        Optional<Condition> upgraded = now.getStatus() == null
            ? Optional.empty()
            : Conditions.find(now.getStatus().getConditions(), TenantUpgrades.TYPE);
        String phase = now.getStatus() == null ? "" : Objects.toString(now.getStatus().getPhase(), "");
        String line = phase + upgraded.map(c -> " (" + c.getReason() + "): " + c.getMessage()).orElse("");
        if (!line.equals(shown.put(e.ref(), line))) {
          out.println(e.ref() + ": " + line);
        }
        Optional<String> reason = upgraded.map(Condition::getReason);
        if (reason.filter(r -> r.equals(TenantUpgrades.UPGRADE_FAILED) || r.equals(TenantUpgrades.UPGRADE_REFUSED))
            .isPresent()) {
          return Optional.of(e.ref() + ": " + reason.get() + ": " + upgraded.get().getMessage());
        }
        boolean done = to.equals(now.getStatus() == null ? null : now.getStatus().getVersion())
            && "Ready".equals(phase);
        if (!done) {
          waiting.add(e.ref());
        }
      }
      if (waiting.isEmpty()) {
        return Optional.empty();
      }
      if (System.nanoTime() > deadline) {
        return Optional.of("not upgraded within --timeout " + timeout.toSeconds() + "s: "
            + String.join(", ", waiting.stream().map(r -> r + " (" + shown.get(r) + ")").toList()));
      }
      Thread.sleep(POLL.toMillis());
    }
  }
}
