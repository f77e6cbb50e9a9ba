package dev.enclave.testbed;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where the upstream binaries are: the component cache {@code scripts/setup-k8s} fills, at the
 * versions pinned in {@code testbed/versions.env}. A missing binary is an error that names the
 * command that builds it; nothing is downloaded from here.
 */
public final class Components {
  private final Path cache;
  private final Map<String, String> versions;

  private Components(Path cache, Map<String, String> versions) {
    this.cache = cache;
    this.versions = versions;
  }

  /** The cache of {@code ENCLAVE_K8S_CACHE} (or {@code ~/.cache/enclave/k8s}). */
  public static Components fromEnvironment() {
    String configured = System.getenv("ENCLAVE_K8S_CACHE");
    Path cache =
        configured == null || configured.isBlank()
            ? Path.of(System.getProperty("user.home"), ".cache", "enclave", "k8s")
            : Path.of(configured);
    return new Components(cache, pinnedVersions());
  }

  /** Kubernetes releases the cache holds, newest first (the host clusters run the first). */
  public List<String> kubernetesVersions() {
    return Arrays.asList(versions.get("K8S_VERSIONS").trim().split("\\s+"));
  }

  public String newestKubernetes() {
    return kubernetesVersions().get(0);
  }

  /** kube-apiserver, kube-controller-manager, kube-scheduler or kubectl of one release. */
  public Path kubernetes(String version, String binary) {
    return existing(cache.resolve(version).resolve("bin").resolve(binary));
  }

  /** etcd, etcdctl, etcdutl, kwok, helm, kine, local-kms or gator; versitygw after {@code setup-k8s --bench}. */
  public Path tool(String binary) {
    return existing(cache.resolve("tools").resolve("bin").resolve(binary));
  }

  /** KWOK's stage configurations, copied next to the binary by setup-k8s. */
  public Path kwokStages() {
    return existing(cache.resolve("tools").resolve("share").resolve("kwok-stages"));
  }

  public String version(String key) {
    return versions.get(key);
  }

  private Path existing(Path path) {
    if (!Files.exists(path)) {
      throw new IllegalStateException(
          path
              + " is missing: run scripts/setup-k8s to build the upstream components"
              + " (scripts/setup-k8s --bench for the ones only the benchmarks run; versions in"
              + " testbed/versions.env)");
    }
    return path;
  }

  private static Map<String, String> pinnedVersions() {
    try (InputStream in = Components.class.getResourceAsStream("versions.env")) {
      if (in == null) {
        throw new IllegalStateException("versions.env is not on the classpath of enclave-testbed");
      }
      Map<String, String> values = new LinkedHashMap<>();
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        String trimmed = line.trim();
        int eq = trimmed.indexOf('=');
        if (trimmed.isEmpty() || trimmed.startsWith("#") || eq < 0) {
          continue;
        }
        values.put(trimmed.substring(0, eq), trimmed.substring(eq + 1).replace("\"", ""));
      }
      return values;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
