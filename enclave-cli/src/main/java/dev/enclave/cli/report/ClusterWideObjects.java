package dev.enclave.cli.report;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The cluster-scoped objects the collection needs, each listed once, on first use. */
final class ClusterWideObjects {
  private final KubernetesClient host;
  private final HostReads reads;
  private boolean nodesListed;
  private Map<String, Node> nodes;
  private Map<String, PersistentVolume> volumes;
  private List<ClusterRole> clusterRoles;
  private List<ClusterRoleBinding> clusterRoleBindings;

  ClusterWideObjects(KubernetesClient host, HostReads reads) {
    this.host = host;
    this.reads = reads;
  }

  /** The node of that name, or null when unknown or when nodes cannot be read. */
  Node node(String name) {
    return nodesReadable() && name != null ? nodes.get(name) : null;
  }

  /** False when listing nodes was refused: placement cannot be judged then. */
  boolean nodesReadable() {
    if (!nodesListed) {
      nodesListed = true;
      nodes =
          reads
              .read(
                  "nodes (cluster-scoped)",
                  "pods are shown without their nodes' labels and placement drift is not checked",
                  () -> host.nodes().list().getItems())
              .map(list -> byName(list, (Node n) -> n.getMetadata().getName()))
              .orElse(null);
    }
    return nodes != null;
  }

  PersistentVolume volume(String name) {
    if (volumes == null) {
      volumes =
          byName(
              reads.list(
                  "persistentvolumes (cluster-scoped)",
                  "volume topology is not shown nor checked",
                  () -> host.persistentVolumes().list().getItems()),
              v -> v.getMetadata().getName());
    }
    return name == null ? null : volumes.get(name);
  }

  List<ClusterRole> clusterRoles() {
    if (clusterRoles == null) {
      clusterRoles =
          reads.list(
              "clusterroles",
              "readers through ClusterRoles are missing",
              () -> host.rbac().clusterRoles().list().getItems());
    }
    return clusterRoles;
  }

  List<ClusterRoleBinding> clusterRoleBindings() {
    if (clusterRoleBindings == null) {
      clusterRoleBindings =
          reads.list(
              "clusterrolebindings",
              "readers through ClusterRoleBindings are missing",
              () -> host.rbac().clusterRoleBindings().list().getItems());
    }
    return clusterRoleBindings;
  }

  private static <T> Map<String, T> byName(List<T> objects, Function<T, String> name) {
    return objects.stream().collect(Collectors.toMap(name, Function.identity(), (a, b) -> a));
  }
}
