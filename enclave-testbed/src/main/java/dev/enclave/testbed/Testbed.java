package dev.enclave.testbed;

import java.nio.file.Path;
import java.util.Map;

/**
 * The one host cluster of a JVM, shared by the integration tests of a module: started on first use
 * from the component cache, with the example platform's jurisdictions as nodes (eu: 3, uk: 2),
 * stopped when the JVM exits. Logs and credentials go under {@link #directory()}.
 */
public final class Testbed {
  /** Nodes per jurisdiction of the example platform. */
  public static final Map<String, Integer> NODE_COUNTS = Map.of("eu", 3, "uk", 2);

  private static HostCluster host;

  private Testbed() {}

  /** The shared host cluster, started on first call. */
  public static synchronized HostCluster host() {
    if (host == null) {
      Path dir = directory().resolve("host");
      host =
          HostCluster.start(
              Components.fromEnvironment(),
              dir,
              HostNodes.fromPlatform(examplePlatform(), NODE_COUNTS));
      HostCluster started = host;
      Runtime.getRuntime().addShutdownHook(new Thread(started::close, "testbed-stop"));
    }
    return host;
  }

  /** {@code enclave.testbed.dir} (Failsafe sets {@code target/testbed}), else ./target/testbed. */
  public static Path directory() {
    return Path.of(System.getProperty("enclave.testbed.dir", "target/testbed")).toAbsolutePath();
  }

  /** The repository's root: {@code enclave.repoRoot} (set by the build), else the working dir. */
  public static Path repoRoot() {
    return Path.of(System.getProperty("enclave.repoRoot", ".")).toAbsolutePath().normalize();
  }

  public static Path examplePlatform() {
    return repoRoot().resolve("examples").resolve("platform");
  }
}
