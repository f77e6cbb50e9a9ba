package dev.enclave.cli.playground;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.TreeSet;

/** What the playground says before the table: what is real, what KWOK stands in for, how to look. */
final class PlaygroundBanner {
  private PlaygroundBanner() {}

  static void local(PlaygroundSession session, int nodes, Path kubeconfig, PrintWriter out) {
    out.println("enclavectl playground: REAL host clusters on this machine, one per jurisdiction:");
    for (PlaygroundSession.LocalHost host : session.hosts()) {
      out.println(
          "  " + host.name() + "  " + host.cluster().apiServer().url()
              + "  (Kubernetes " + host.cluster().apiServer().version() + ", " + nodes + " KWOK nodes)");
    }
    out.println(
        "Real: etcd, kube-apiserver, controller-manager and scheduler of each host and every"
            + " tenant control plane (built from");
    out.println(
        "  upstream), the operator, the syncers, the KMS plugins, the audit sinks. KWOK stands in"
            + " for the kubelets of tenant");
    out.println("  workloads: their pods are scheduled and reported Running, but no container runs.");
    out.println("The pod runner (the control planes' kubelet) changes only this:");
    session.rewrites().forEach(r -> out.println("  - " + r));
    out.println();
    out.println("kubeconfig: " + kubeconfig + " (contexts appear as tenant clusters come up)");
    out.println("  kubectl --kubeconfig " + kubeconfig + " --context " + session.hosts().get(0).name() + " get tenantclusters -A");
    out.println("  kubectl --kubeconfig " + kubeconfig + " --context <namespace>.<tenant> create deployment web --image=<a registry of its jurisdiction>/web:1 --replicas=3");
    out.println("Audit events: " + session.directory().resolve("audit") + "/<jurisdiction>/<namespace>/<tenant>/");
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
