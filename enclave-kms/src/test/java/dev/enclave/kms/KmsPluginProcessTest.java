package dev.enclave.kms;

import static org.assertj.core.api.Assertions.assertThat;

import dev.enclave.kms.v2.KeyManagementServiceGrpc;
import dev.enclave.kms.v2.StatusRequest;
import dev.enclave.kms.v2.StatusResponse;
import dev.enclave.testbed.ManagedProcess;
import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.unix.DomainSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plugin as the sidecar runs it: {@code java dev.enclave.kms.KmsPluginMain} with the flags the
 * renderer passes, serving until SIGTERM, then removing its socket.
 */
class KmsPluginProcessTest {
  @TempDir Path dir;

  @Test
  void whenStartedWithTheRenderedFlagsThenItServesStatusAndCleansUpOnSigterm() throws Exception {
    String key = KeyFiles.newKey();
    Path keyFile = KeyFiles.create(dir, key);
    Path socket = dir.resolve("kms.sock");
    Path log = dir.resolve("plugin.log");
    int healthPort;
    try (java.net.ServerSocket free = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      healthPort = free.getLocalPort();
    }
    // ManagedProcess records the pid in the testbed's ledger and stops it by pid (SIGTERM first,
    // as the kubelet stops a container).
    try (ManagedProcess plugin =
        ManagedProcess.start(
            "kms-plugin",
            Path.of(ProcessHandle.current().info().command().orElseThrow()),
            List.of(
                "-cp",
                System.getProperty("java.class.path"),
                KmsPluginMain.class.getName(),
                "--listen=unix://" + socket,
                "--key-name=enclave-eu",
                "--backend=local",
                "--key-file=" + keyFile,
                "--health-listen=127.0.0.1:" + healthPort),
            Map.of(),
            log)) {
      Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
      while (!Files.exists(socket) && plugin.isAlive() && Instant.now().isBefore(deadline)) {
        Thread.sleep(100);
      }
      assertThat(socket).as("socket; plugin log:\n%s", plugin.tail(40)).exists();

      assertThat(status(socket).getKeyId()).isEqualTo(KeyFiles.idOf(key));
      // The kubelet's probes: the socket serves, the key backend is healthy; no key id in either.
      assertThat(get(healthPort, "/healthz")).isEqualTo("200 ok");
      assertThat(get(healthPort, "/readyz")).isEqualTo("200 ok");
    }
    assertThat(socket).doesNotExist();
    assertThat(Files.readString(log))
        .contains("serving KMS v2 for enclave-eu on " + socket + " (backend local, key " + KeyFiles.idOf(key) + ")")
        .doesNotContain(key)
        .doesNotContain("WARN");
  }

  private static String get(int port, String path) throws Exception {
    var response =
        java.net.http.HttpClient.newHttpClient()
            .send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + path)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    return response.statusCode() + " " + response.body().trim();
  }

  private static StatusResponse status(Path socket) throws InterruptedException {
    EventLoopGroup loop = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
    ManagedChannel channel =
        NettyChannelBuilder.forAddress(new DomainSocketAddress(socket.toFile()))
            .channelType(EpollDomainSocketChannel.class)
            .eventLoopGroup(loop)
            .usePlaintext()
            .build();
    try {
      return KeyManagementServiceGrpc.newBlockingStub(channel)
          .withDeadlineAfter(10, TimeUnit.SECONDS)
          .status(StatusRequest.getDefaultInstance());
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      loop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
  }
}
