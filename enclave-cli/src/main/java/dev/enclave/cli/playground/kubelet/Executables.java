package dev.enclave.cli.playground.kubelet;

import dev.enclave.core.controlplane.Images;
import dev.enclave.testbed.Components;
import io.fabric8.kubernetes.api.model.Container;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What runs for a container's image: the image's name (its last path segment) picks the program,
 * its tag the release. Upstream components come from the component cache that scripts/setup-k8s
 * builds; Enclave's own images run their main class on this JVM's runtime and classpath, the
 * entrypoint their Jib configuration gives the image.
 */
public final class Executables {
  /** Enclave's images and the main class each one's entrypoint runs. */
  public static final Map<String, String> JAVA_IMAGES =
      Map.of(
          "enclave-syncer", "dev.enclave.syncer.SyncerMain",
          "kms-plugin", "dev.enclave.kms.KmsPluginMain",
          "enclave-operator", "dev.enclave.operator.EnclaveOperator");

  /** The module each of Enclave's images is built from (its Jib configuration lives there). */
  public static final Map<String, String> MODULES =
      Map.of(
          "enclave-syncer", "enclave-syncer",
          "kms-plugin", "enclave-kms",
          "enclave-operator", "enclave-operator");

  private static final List<String> KUBERNETES =
      List.of("kube-apiserver", "kube-controller-manager", "kube-scheduler");

  private final Components components;
  private final Path java;
  private final Path repoRoot;

  /** Enclave's modules are found under {@code repoRoot}, built ({@code <module>/target}). */
  public Executables(Components components, Path repoRoot) {
    this.components = components;
    this.java = Path.of(System.getProperty("java.home"), "bin", "java");
    this.repoRoot = repoRoot;
  }

  /** The command line prefix for {@code container}, or why this machine cannot run its image. */
  public Resolved resolve(Container container) {
    String image = container.getImage() == null ? "" : container.getImage();
    int slash = image.lastIndexOf('/');
    String nameAndTag = image.substring(slash + 1);
    int colon = nameAndTag.lastIndexOf(':');
    if (colon < 0) {
      return Resolved.refused(image + ": no tag; the tag picks the release to run");
    }
    String name = nameAndTag.substring(0, colon);
    String tag = nameAndTag.substring(colon + 1);
    List<String> command = container.getCommand() == null ? List.of() : container.getCommand();
    try {
      if (KUBERNETES.contains(name)) {
        String version = tag.startsWith("v") ? tag.substring(1) : tag;
        if (!components.kubernetesVersions().contains(version)) {
          return Resolved.refused(
              image + ": Kubernetes " + version + " is not in the component cache (it holds "
                  + String.join(", ", components.kubernetesVersions()) + ")");
        }
        return binary(image, name, components.kubernetes(version, name), command);
      }
      if (name.equals("etcd") || name.equals("kine")) {
        String pinned = components.version(name.toUpperCase() + "_VERSION");
        String version = tag.replaceFirst("^v", "").replaceFirst("-\\d+$", "");
        if (!version.equals(pinned)) {
          return Resolved.refused(
              image + ": " + name + " " + version + " is not in the component cache (it holds "
                  + pinned + ")");
        }
        return binary(image, name, components.tool(name), command);
      }
      String main = JAVA_IMAGES.get(name);
      if (main != null) {
        if (!tag.equals(Images.ENCLAVE_VERSION) && !tag.equals(Images.KMS_PLUGIN_TAG)) {
          return Resolved.refused(image + ": this build is Enclave " + Images.ENCLAVE_VERSION);
        }
        if (!command.isEmpty()) {
          return Resolved.refused(image + ": sets command " + command + "; the image's entrypoint is java " + main);
        }
        String classpath = classpath(MODULES.get(name));
        if (classpath == null) {
          return Resolved.refused(
              image + ": " + MODULES.get(name) + " is not built (no target/classpath.txt and jar under "
                  + repoRoot + "); run mvn -pl " + MODULES.get(name) + " -am package");
        }
        return Resolved.of(List.of(java.toString(), "-cp", classpath, main));
      }
    } catch (IllegalStateException e) {
      return Resolved.refused(e.getMessage());
    }
    return Resolved.refused(
        image + ": no local program for image '" + name + "' (the playground runs "
            + String.join(", ", KUBERNETES) + ", etcd, kine and " + String.join(", ", JAVA_IMAGES.keySet()) + ")");
  }

  private static Resolved binary(String image, String name, Path binary, List<String> command) {
    List<String> line = new ArrayList<>();
    line.add(binary.toString());
    if (!command.isEmpty()) {
      String entry = Path.of(command.get(0)).getFileName().toString();
      if (!entry.equals(name)) {
        return Resolved.refused(image + ": command " + command.get(0) + " is not this image's " + name);
      }
      line.addAll(command.subList(1, command.size()));
    }
    return Resolved.of(line);
  }

  /** The module's jar and runtime classpath, as its Jib image has them; null when not built. */
  private String classpath(String module) {
    Path target = repoRoot.resolve(module).resolve("target");
    Path list = target.resolve("classpath.txt");
    try (var files = Files.list(target)) {
      Path jar =
          files
              .filter(f -> f.getFileName().toString().matches(Pattern.quote(module) + "(-[0-9][^/]*)?\\.jar"))
              .findFirst()
              .orElse(null);
      if (jar == null || !Files.isReadable(list)) {
        return null;
      }
      String deps = Files.readString(list).trim();
      return deps.isEmpty() ? jar.toString() : jar + ":" + deps;
    } catch (IOException e) {
      return null;
    }
  }

  /** A command line prefix, or the reason there is none (then the container waits). */
  public record Resolved(List<String> command, String refusal) {
    static Resolved of(List<String> command) {
      return new Resolved(List.copyOf(command), null);
    }

    static Resolved refused(String why) {
      return new Resolved(List.of(), why);
    }

    public Optional<String> refused() {
      return Optional.ofNullable(refusal);
    }
  }
}
