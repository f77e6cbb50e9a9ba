package dev.enclave.testbed;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One etcd member on loopback, plain HTTP (nothing but this machine can reach it), without fsync
 * as envtest runs it: a testbed's data is thrown away.
 */
public final class Etcd implements AutoCloseable {
  private ManagedProcess process;
  private final int clientPort;

  private Etcd(ManagedProcess process, int clientPort) {
    this.process = process;
    this.clientPort = clientPort;
  }

  public static Etcd start(Components components, Path dir) {
    int clientPort = Ports.free();
    int peerPort = Ports.free();
    String client = "http://127.0.0.1:" + clientPort;
    String peer = "http://127.0.0.1:" + peerPort;
    List<String> args =
        List.of(
            "--name=testbed",
            "--data-dir=" + dir.resolve("data"),
            "--listen-client-urls=" + client,
            "--advertise-client-urls=" + client,
            "--listen-peer-urls=" + peer,
            "--initial-advertise-peer-urls=" + peer,
            "--initial-cluster=testbed=" + peer,
            "--unsafe-no-fsync=true",
            "--log-level=warn");
    ManagedProcess process =
        ManagedProcess.start("etcd", components.tool("etcd"), args, Map.of(), dir.resolve("etcd.log"));
    Etcd etcd = new Etcd(process, clientPort);
    Health.await(process, "/health", Duration.ofSeconds(30), () -> Health.answers(client + "/health"));
    return etcd;
  }

  /** {@code http://127.0.0.1:PORT}, for --etcd-servers and etcdctl --endpoints. */
  public String endpoint() {
    return "http://127.0.0.1:" + clientPort;
  }

  /** {@code etcdctl --endpoints=<this> args...}, limited to one minute. */
  public Command.Result etcdctl(Components components, String... args) {
    List<String> all = new ArrayList<>(List.of("--endpoints=" + endpoint()));
    all.addAll(List.of(args));
    return Command.run(components.tool("etcdctl"), all, Map.of(), Duration.ofMinutes(1));
  }

  /**
   * Stops etcd (SIGTERM) and starts it again on the same ports and data, and waits until it
   * answers: its clients see it gone for that long.
   */
  public void restart() {
    process = process.restart();
    Health.await(process, "/health", Duration.ofSeconds(30), () -> Health.answers(endpoint() + "/health"));
  }

  public ManagedProcess process() {
    return process;
  }

  @Override
  public void close() {
    process.close();
  }
}
