package dev.enclave.cli.playground;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The kubeconfig for the simulated hosts and tenant clusters: one cluster and one context per host,
 * named {@code host-<jurisdiction>}, and per tenant cluster, named {@code <namespace>.<name>};
 * plain HTTP on 127.0.0.1 and a dummy token the simulation does not check.
 */
public final class PlaygroundKubeconfig {
  private PlaygroundKubeconfig() {}

  /** The kubeconfig text for hosts given as name to URL, in iteration order; deterministic. */
  public static String render(Map<String, String> hosts) {
    return render(hosts, Map.of());
  }

  /**
   * The kubeconfig text for hosts and then tenant clusters, each given as name to URL in iteration
   * order; the first host is the current context. Deterministic.
   */
  public static String render(Map<String, String> hosts, Map<String, String> tenants) {
    Map<String, String> clusters = new LinkedHashMap<>(hosts);
    clusters.putAll(tenants);
    StringBuilder yaml = new StringBuilder();
    yaml.append("# Written by enclavectl playground: simulated host and tenant clusters on this\n");
    yaml.append("# machine, reachable only while the playground runs.\n");
    yaml.append("apiVersion: v1\nkind: Config\nclusters:\n");
    clusters.forEach(
        (name, url) ->
            yaml.append("- name: ")
                .append(name)
                .append('\n')
                .append("  cluster:\n")
                .append("    server: ")
                .append(url)
                .append('\n')
                .append("    insecure-skip-tls-verify: true\n"));
    yaml.append("contexts:\n");
    clusters
        .keySet()
        .forEach(
            name ->
                yaml.append("- name: ")
                    .append(name)
                    .append('\n')
                    .append("  context:\n")
                    .append("    cluster: ")
                    .append(name)
                    .append('\n')
                    .append("    user: playground\n"));
    yaml.append("users:\n- name: playground\n  user:\n    token: ")
        .append(SimulatedHost.TOKEN)
        .append('\n');
    String current = hosts.keySet().stream().findFirst().orElse("");
    yaml.append("current-context: ").append(current).append('\n');
    return yaml.toString();
  }

  /** Writes the kubeconfig of the hosts only. */
  public static void write(Path file, Map<String, String> hosts) throws IOException {
    write(file, hosts, Map.of());
  }

  /** Writes the kubeconfig, creating parent directories; readable by the owner only. */
  public static void write(Path file, Map<String, String> hosts, Map<String, String> tenants)
      throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.writeString(file, render(hosts, tenants));
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system; the token is a dummy anyway
    }
  }
}
