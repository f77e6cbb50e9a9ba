package dev.enclave.testbed;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * KWOK standing in for the kubelets of the host's nodes: it keeps the nodes annotated {@link
 * #NODE_ANNOTATION} Ready (with a lease) and runs their pods through KWOK's "fast" stages
 * (Running and Ready, Succeeded, deleted). Nodes and pods get loopback addresses: the node's
 * InternalIP is 127.0.0.1 and its "kubelet" port is KWOK's own server on loopback, so an API
 * server that dials a kubelet for logs stays on this machine; pod IPs come from 127.128.0.0/16.
 */
public final class Kwok implements AutoCloseable {
  public static final String NODE_ANNOTATION = "kwok.x-k8s.io/node";
  public static final String NODE_ANNOTATION_VALUE = "fake";
  public static final String POD_CIDR = "127.128.0.0/16";

  private final ManagedProcess process;

  private Kwok(ManagedProcess process) {
    this.process = process;
  }

  public static Kwok start(Components components, KubeApiServer api, Path dir) {
    return start(components, api, dir, Map.of());
  }

  /**
   * As {@link #start(Components, KubeApiServer, Path)}, but pods carrying every label of {@code
   * otherKubelet} are left alone (not run, not given an address, not deleted): another kubelet,
   * such as the playground's pod runner, runs them.
   */
  public static Kwok start(
      Components components, KubeApiServer api, Path dir, Map<String, String> otherKubelet) {
    return start(components, api, dir, otherKubelet, "127.0.0.1", 0);
  }

  /**
   * As above, with the nodes' InternalIP {@code nodeIp} and KWOK's kubelet server (HTTPS, a
   * certificate of the host's CA) on {@code nodeIp:kubeletPort} (0: a free port), where API servers
   * ask a node's kubelet for logs and exec.
   */
  public static Kwok start(
      Components components, KubeApiServer api, Path dir, Map<String, String> otherKubelet,
      String nodeIp, int kubeletPort) {
    int port = kubeletPort == 0 ? Ports.free() : kubeletPort;
    Path cert = api.pki().serving("kwok-kubelet", "kwok", List.of(nodeIp));
    List<String> args = new ArrayList<>();
    args.add("--kubeconfig=" + api.adminKubeconfig());
    args.add("--manage-nodes-with-annotation-selector=" + NODE_ANNOTATION + "=" + NODE_ANNOTATION_VALUE);
    args.add("--node-ip=" + nodeIp);
    args.add("--node-port=" + port);
    args.add("--server-address=" + nodeIp + ":" + port);
    args.add("--tls-cert-file=" + cert);
    args.add("--tls-private-key-file=" + api.pki().file("kwok-kubelet.key"));
    args.add("--cidr=" + POD_CIDR);
    args.add("--node-lease-duration-seconds=40");
    for (Path stage : stages(components.kwokStages())) {
      args.add("--config=" + withExclusion(stage, otherKubelet, dir.resolve("kwok-stages")));
    }
    args.add("--config=" + noContainerLogs(dir.resolve("kwok-stages")));
    return new Kwok(
        ManagedProcess.start("kwok", components.tool("kwok"), args, Map.of(), dir.resolve("kwok.log")));
  }

  /**
   * The stage file as is, or, for a pod stage and a non-empty {@code labels}, a copy whose selector
   * also requires that the pod lacks at least one of those labels.
   */
  private static Path withExclusion(Path stage, Map<String, String> labels, Path dir) {
    try {
      String text = Files.readString(stage);
      String anchor = "  selector:\n    matchExpressions:\n";
      if (labels.isEmpty() || !text.contains("kind: Pod\n") || !text.contains(anchor)) {
        return stage;
      }
      // One requirement over all labels joined, since a stage's requirements are all ANDed: the
      // pod is skipped only when it carries every label (jq's null + "/" is "/").
      List<String> keys = new ArrayList<>();
      List<String> values = new ArrayList<>();
      new java.util.TreeMap<>(labels).forEach((key, value) -> {
        keys.add(".metadata.labels[\"" + key + "\"]");
        values.add(value);
      });
      String clause =
          anchor
              + "    - key: '" + String.join(" + \"/\" + ", keys) + "'\n"
              + "      operator: 'NotIn'\n      values:\n      - '" + String.join("/", values) + "'\n";
      Files.createDirectories(dir);
      Path copy = dir.resolve(stage.getFileName());
      Files.writeString(copy, text.replace(anchor, clause));
      return copy;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare KWOK stage " + stage, e);
    }
  }

  /** Lines every pod KWOK runs shows to {@code kubectl logs}: what KWOK is, and why no logs. */
  static final String NO_CONTAINERS =
      "This pod runs on a KWOK node: KWOK stands in for the kubelet, no container runs, so there"
          + " are no logs, and kubectl exec, attach and port-forward have nothing to reach.";

  /** A ClusterLogs configuration serving {@link #NO_CONTAINERS} as the log of every pod. */
  private static Path noContainerLogs(Path dir) {
    try {
      Files.createDirectories(dir);
      Path message = dir.resolve("no-containers.log");
      Files.writeString(message, NO_CONTAINERS + "\n");
      Path config = dir.resolve("cluster-logs.yaml");
      Files.writeString(
          config,
          "apiVersion: kwok.x-k8s.io/v1alpha1\nkind: ClusterLogs\nmetadata:\n  name: no-containers\n"
              + "spec:\n  logs:\n  - logsFile: " + message + "\n    previousLogsFile: " + message
              + "\n    follow: false\n");
      return config;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write KWOK's ClusterLogs under " + dir, e);
    }
  }

  private static List<Path> stages(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public ManagedProcess process() {
    return process;
  }

  @Override
  public void close() {
    process.close();
  }
}
