package dev.enclave.cli.upgrade;

import dev.enclave.api.v1alpha1.Jurisdiction;
import dev.enclave.api.v1alpha1.TenantCluster;
import dev.enclave.cli.EnclaveCtl;
import dev.enclave.cli.backup.HostOptions;
import dev.enclave.core.upgrade.KubeVersion;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** What both upgrade verbs take: the host, the jurisdiction, the release and the wave size. */
final class RolloutOptions {
  @Mixin HostOptions host;

  @Option(names = "--jurisdiction", paramLabel = "J", required = true, description = "Jurisdiction whose tenants move.")
  String jurisdiction;

  @Option(names = "--to", paramLabel = "VERSION", required = true, description = "Exact release, e.g. 1.37.2.")
  String to;

  @Option(
      names = "--max-parallel",
      paramLabel = "N",
      defaultValue = "1",
      description = "Tenants upgraded at once in a wave (default: ${DEFAULT-VALUE}).")
  int maxParallel;

  /** The plan, or empty after a usage error or an unanswered cluster was printed. */
  Optional<UpgradeWaves> plan(KubernetesClient client, PrintWriter err) {
    if (KubeVersion.parse(to).isEmpty()) {
      err.println("--to: \"" + to + "\" is not an exact release; expected MAJOR.MINOR.PATCH, e.g. 1.37.2");
      return Optional.empty();
    }
    if (maxParallel < 1) {
      err.println("--max-parallel: " + maxParallel + " is not allowed; allowed: 1 or more");
      return Optional.empty();
    }
    try {
      Jurisdiction found = client.resources(Jurisdiction.class).withName(jurisdiction).get();
      if (found == null) {
        List<String> known = client.resources(Jurisdiction.class).list().getItems().stream()
            .map(j -> j.getMetadata().getName()).sorted().toList();
        err.println("--jurisdiction: Jurisdiction \"" + jurisdiction + "\" is not on this host; allowed: "
            + (known.isEmpty() ? "none (no Jurisdiction is declared here)" : String.join(", ", known)));
        return Optional.empty();
      }
      var tenants = client.resources(TenantCluster.class).inAnyNamespace().list().getItems();
      return Optional.of(UpgradeWaves.plan(found, tenants, to.replaceFirst("^v", ""), maxParallel));
    } catch (KubernetesClientException e) {
      err.println("the host cluster did not answer: " + e.getMessage());
      return Optional.empty();
    }
  }

  static void print(UpgradeWaves plan, PrintWriter out) {
    out.println("jurisdiction " + plan.jurisdiction() + ", release " + plan.to() + ":");
    for (UpgradeWaves.Entry e : plan.entries()) {
      out.println("  " + e.ref() + ": " + e.action().name().toLowerCase() + " (" + e.reason() + ")");
      e.gitOpsManager()
          .filter(m -> e.action() == UpgradeWaves.Action.UPGRADE)
          .ifPresent(m -> out.println("    managed by " + m + ": change spec.kubernetesVersion in Git as well,"
              + " or it is set back to " + e.tenant().getSpec().getKubernetesVersion()));
    }
    for (int i = 0; i < plan.waves().size(); i++) {
      out.println("  wave " + (i + 1) + ": "
          + String.join(", ", plan.waves().get(i).stream().map(UpgradeWaves.Entry::ref).toList()));
    }
    if (plan.waves().isEmpty()) {
      out.println("  nothing to upgrade");
    }
  }

  static int usage() {
    return EnclaveCtl.UNREADABLE;
  }
}
