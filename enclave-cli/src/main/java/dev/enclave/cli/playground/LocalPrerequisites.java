package dev.enclave.cli.playground;

import dev.enclave.testbed.Components;
import dev.enclave.testbed.Testbed;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What local hosts need from this machine: root (each tenant process gets a mount namespace of its
 * own), util-linux's {@code unshare} and {@code setpriv}, and the component cache; a missing cache
 * is built here by scripts/setup-k8s, with its progress shown.
 */
public final class LocalPrerequisites {
  private LocalPrerequisites() {}

  public static boolean check(PrintWriter err) {
    if (!"root".equals(System.getProperty("user.name"))) {
      err.println(
          "enclavectl playground: local hosts must run as root: each tenant process gets its own"
              + " mount namespace for its volumes (or use --kubeconfig with a real cluster)");
      err.flush();
      return false;
    }
    for (String tool : new String[] {"unshare", "setpriv", "mount"}) {
      if (!onPath(tool)) {
        err.println("enclavectl playground: " + tool + " (util-linux) is not on PATH; apt-get install util-linux mount");
        err.flush();
        return false;
      }
    }
    Components components = Components.fromEnvironment();
    try {
      for (String version : components.kubernetesVersions()) {
        components.kubernetes(version, "kube-apiserver");
      }
      components.tool("kwok");
      components.tool("helm");
      return true;
    } catch (IllegalStateException missing) {
      return build(err);
    }
  }

  /** Runs scripts/setup-k8s, passing its progress through. */
  private static boolean build(PrintWriter err) {
    Path script = Testbed.repoRoot().resolve("scripts/setup-k8s");
    err.println(
        "enclavectl playground: the Kubernetes components are not built yet; building them once"
            + " with " + script + " (about 15 minutes on 2 cores, then cached)...");
    err.flush();
    try {
      Process build = new ProcessBuilder(script.toString()).redirectErrorStream(true).start();
      try (BufferedReader lines = new BufferedReader(new InputStreamReader(build.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = lines.readLine()) != null) {
          err.println("  " + line);
          err.flush();
        }
      }
      if (build.waitFor() != 0) {
        err.println("enclavectl playground: " + script + " failed (exit " + build.exitValue() + ")");
        err.flush();
        return false;
      }
      return true;
    } catch (IOException e) {
      err.println("enclavectl playground: cannot run " + script + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    err.flush();
    return false;
  }

  public static Path chart() {
    Path chart = Testbed.repoRoot().resolve("deploy/helm/enclave");
    if (!Files.isDirectory(chart)) {
      throw new IllegalStateException(chart + " is missing: run enclavectl from the Enclave checkout");
    }
    return chart;
  }

  private static boolean onPath(String tool) {
    String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
    for (String dir : path.split(":")) {
      if (Files.isExecutable(Path.of(dir, tool))) {
        return true;
      }
    }
    return false;
  }
}
