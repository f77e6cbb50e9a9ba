package dev.enclave.cli.playground;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.TreeSet;

/** What the playground says before the table: what is simulated, and how to look at it. */
final class PlaygroundBanner {
  private PlaygroundBanner() {}

  static void simulated(PlaygroundSession session, int nodes, Path kubeconfig, PrintWriter out) {
    out.println("enclavectl playground: SIMULATED host clusters, one per jurisdiction:");
    session
        .urls()
        .forEach(
            (name, url) ->
                out.println("  " + name + "  " + url + "  (" + nodes + " simulated nodes)"));
    out.println(
        "Simulated: the Kubernetes API (in-memory, fabric8 CRUD mock), nodes labelled and"
            + " tainted per jurisdiction,");
    out.println(
        "  scheduling (required node affinity, nodeSelector, taints), pods reported Running"
            + " and Ready, workload status.");
    out.println(
        "Not simulated: no container runs, no image is pulled, no volume is provisioned, no"
            + " network policy is enforced,");
    out.println(
        "  no admission webhook runs. Ready here means: placed on a node of its"
            + " jurisdiction, nothing more.");
    out.println(
        "Real: the Enclave operator (one per host, in this process), each tenant's syncer and"
            + " the compliance rules.");
    out.println();
    String first = session.urls().keySet().stream().findFirst().orElse("host");
    out.println("kubeconfig: " + kubeconfig);
    out.println(
        "  kubectl --kubeconfig " + kubeconfig + " --context " + first + " get tenantclusters -A");
    out.println(
        "  kubectl --kubeconfig "
            + kubeconfig
            + " --context "
            + first
            + " get statefulsets,pods -A -o wide");
    tenants(session, kubeconfig, out);
  }

  /** The tenant clusters' contexts, and how to run a pod in one. */
  private static void tenants(PlaygroundSession session, Path kubeconfig, PrintWriter out) {
    if (session.tenantUrls().isEmpty()) {
      return;
    }
    out.println(
        "Tenant clusters: a simulated API server each; its syncer (real, in this process) starts"
            + " once the tenant is Ready:");
    session
        .tenantUrls()
        .forEach(
            (context, url) ->
                out.println(
                    "  --context "
                        + context
                        + "  "
                        + url
                        + "  (pods run on "
                        + session.tenantHosts().get(context)
                        + ")"));
    String first = session.tenantUrls().keySet().iterator().next();
    out.println(
        "  kubectl --kubeconfig " + kubeconfig + " --context " + first + " apply -f pod.yaml");
    out.println(
        "  kubectl --kubeconfig "
            + kubeconfig
            + " --context "
            + first
            + " get pods,nodes,events -o wide");
  }

  static void real(PlaygroundSession session, Path kubeconfig, PrintWriter out) {
    HostTarget target = session.targets().get(0);
    out.println(
        "enclavectl playground: REAL cluster "
            + target.name()
            + " from "
            + kubeconfig
            + ", operator serving "
            + String.join(", ", new TreeSet<>(target.jurisdictions())));
  }
}
