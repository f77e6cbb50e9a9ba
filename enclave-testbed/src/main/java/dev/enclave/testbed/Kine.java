package dev.enclave.testbed;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * kine on 127.0.0.1, serving the etcd API from a SQL database, as the sidecar of a tenant API
 * server on a PostgreSQL DataStore runs; metrics off (no other listener). The datastore endpoint
 * (a DSN that holds a password) goes in through the environment, never the command line or its
 * log.
 */
public final class Kine implements AutoCloseable {
  private final ManagedProcess process;
  private final int port;

  private Kine(ManagedProcess process, int port) {
    this.process = process;
    this.port = port;
  }

  /** Starts kine against {@code endpoint} (e.g. {@code postgres://...?sslmode=verify-full}). */
  public static Kine start(Components components, Path dir, String endpoint, Path caFile) {
    int port = Ports.free();
    List<String> args =
        List.of(
            "--listen-address=127.0.0.1:" + port,
            "--ca-file=" + caFile,
            "--metrics-bind-address=0");
    ManagedProcess process =
        ManagedProcess.start(
            "kine", components.tool("kine"), args, Map.of("KINE_ENDPOINT", endpoint), dir.resolve("kine.log"));
    Kine kine = new Kine(process, port);
    Health.await(process, "its etcd port", Duration.ofSeconds(60), () -> accepts(port));
    return kine;
  }

  private static boolean accepts(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** {@code http://127.0.0.1:PORT}, for --etcd-servers. */
  public String endpoint() {
    return "http://127.0.0.1:" + port;
  }

  public ManagedProcess process() {
    return process;
  }

  @Override
  public void close() {
    process.close();
  }
}
