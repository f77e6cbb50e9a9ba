package dev.enclave.cli.playground;

import io.fabric8.kubernetes.api.model.Cluster;
import io.fabric8.kubernetes.api.model.Config;
import io.fabric8.kubernetes.api.model.NamedAuthInfo;
import io.fabric8.kubernetes.api.model.NamedCluster;
import io.fabric8.kubernetes.api.model.NamedContext;
import io.fabric8.kubernetes.api.model.NamedContextBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * The playground's kubeconfig: one context per host, named {@code host-<jurisdiction>}, with the
 * host's admin credentials, and one per tenant cluster, named {@code <namespace>.<name>}, with the
 * tenant's admin kubeconfig from its host namespace. A tenant's API is reached at the loopback
 * address of its Service's proxy, with {@code tls-server-name} set to the Service's DNS name so
 * kubectl verifies the tenant's own certificate. Holds private keys: readable by the owner only.
 */
public final class PlaygroundKubeconfig {
  private static final KubernetesSerialization YAML = new KubernetesSerialization();

  /** One context: a kubeconfig's current context, renamed, optionally at another address. */
  public record Entry(String context, String kubeconfig, String server, String tlsServerName) {
    public static Entry of(String context, String kubeconfig) {
      return new Entry(context, kubeconfig, null, null);
    }
  }

  private PlaygroundKubeconfig() {}

  /** The merged kubeconfig; the first entry is the current context. Deterministic. */
  public static String render(List<Entry> entries) {
    Config merged = new Config();
    merged.setApiVersion("v1");
    merged.setKind("Config");
    List<NamedCluster> clusters = new ArrayList<>();
    List<NamedContext> contexts = new ArrayList<>();
    List<NamedAuthInfo> users = new ArrayList<>();
    for (Entry entry : entries) {
      Config source = YAML.unmarshal(entry.kubeconfig(), Config.class);
      NamedContext current =
          source.getContexts().stream()
              .filter(c -> c.getName().equals(source.getCurrentContext()))
              .findFirst()
              .orElseThrow(() -> new IllegalArgumentException(entry.context() + ": kubeconfig has no current context"));
      Cluster cluster =
          source.getClusters().stream()
              .filter(c -> c.getName().equals(current.getContext().getCluster()))
              .findFirst()
              .orElseThrow()
              .getCluster();
      if (entry.server() != null) {
        cluster.setServer(entry.server());
      }
      if (entry.tlsServerName() != null) {
        cluster.setTlsServerName(entry.tlsServerName());
      }
      NamedAuthInfo user =
          source.getUsers().stream()
              .filter(u -> u.getName().equals(current.getContext().getUser()))
              .findFirst()
              .orElseThrow();
      clusters.add(new NamedCluster(cluster, entry.context()));
      users.add(new NamedAuthInfo(entry.context(), user.getUser()));
      contexts.add(
          new NamedContextBuilder()
              .withName(entry.context())
              .withNewContext()
              .withCluster(entry.context())
              .withUser(entry.context())
              .endContext()
              .build());
    }
    merged.setClusters(clusters);
    merged.setContexts(contexts);
    merged.setUsers(users);
    merged.setCurrentContext(entries.isEmpty() ? "" : entries.get(0).context());
    return "# Written by enclavectl playground: its host and tenant clusters on this machine,\n"
        + "# reachable while the playground runs. Holds private keys: do not share.\n"
        + YAML.asYaml(merged);
  }

  /**
   * Writes the kubeconfig, creating parent directories; readable by the owner only. Written beside
   * it and moved over it in one step, so a kubectl reading it meanwhile sees the old or the new
   * file, never a missing or half-written one.
   */
  public static void write(Path file, List<Entry> entries) throws IOException {
    Path target = file.toAbsolutePath();
    Path parent = target.getParent();
    Files.createDirectories(parent);
    Path next = parent.resolve("." + target.getFileName() + ".next");
    Files.deleteIfExists(next);
    Files.createFile(next, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(next, render(entries));
    Files.move(next, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
