package dev.enclave.kms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.enclave.kms.v2.DecryptRequest;
import dev.enclave.kms.v2.EncryptRequest;
import dev.enclave.kms.v2.EncryptResponse;
import dev.enclave.kms.v2.KeyManagementServiceGrpc;
import dev.enclave.kms.v2.StatusRequest;
import dev.enclave.kms.v2.StatusResponse;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.unix.DomainSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The plugin as the API server sees it: gRPC over a real unix socket, netty epoll both ends. */
class UnixSocketRoundTripTest {
  @TempDir Path dir;
  private Path keyFile;
  private UnixSocketServer server;
  private EventLoopGroup clientLoop;
  private ManagedChannel channel;
  private KeyManagementServiceGrpc.KeyManagementServiceBlockingStub kms;

  @BeforeEach
  void start() {
    keyFile = KeyFiles.create(dir, KeyFiles.newKey());
    KeyEncryptionKeys keys = LocalKeyFile.open(keyFile, new SecureRandom());
    server =
        UnixSocketServer.start(
            dir.resolve("run/kms.sock"), new KmsService(keys, new EnvelopeCipher(keys, new SecureRandom())));
    clientLoop = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
    channel =
        NettyChannelBuilder.forAddress(new DomainSocketAddress(server.socket().toFile()))
            .channelType(EpollDomainSocketChannel.class)
            .eventLoopGroup(clientLoop)
            .usePlaintext()
            .build();
    kms = KeyManagementServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    clientLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    server.close();
  }

  @Test
  void whenTheApiServerAsksForStatusThenItGetsV2OkAndTheCurrentKeyId() throws Exception {
    StatusResponse status = kms.status(StatusRequest.getDefaultInstance());

    assertThat(status.getVersion()).isEqualTo("v2");
    assertThat(status.getHealthz()).isEqualTo("ok");
    assertThat(status.getKeyId()).isEqualTo(KeyFiles.idOf(Files.readAllLines(keyFile).get(0)));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(server.socket())))
        .isEqualTo("rw-------");
  }

  @Test
  void whenADekSeedIsEncryptedThenItDecryptsBackUnderTheReturnedKeyId() {
    byte[] seed = "a 32-byte DEK seed of the server".getBytes(StandardCharsets.US_ASCII);

    EncryptResponse encrypted =
        kms.encrypt(EncryptRequest.newBuilder().setUid("u1").setPlaintext(ByteString.copyFrom(seed)).build());
    byte[] plaintext =
        kms.decrypt(
                DecryptRequest.newBuilder()
                    .setUid("u2")
                    .setKeyId(encrypted.getKeyId())
                    .setCiphertext(encrypted.getCiphertext())
                    .build())
            .getPlaintext()
            .toByteArray();

    assertThat(plaintext).isEqualTo(seed);
    assertThat(encrypted.getCiphertext().size()).isLessThan(1024);
    assertThat(encrypted.getCiphertext().toString(StandardCharsets.ISO_8859_1))
        .doesNotContain(new String(seed, StandardCharsets.ISO_8859_1));
    assertThat(encrypted.getAnnotationsMap()).isEmpty();
  }

  @Test
  void whenTheCiphertextIsAlteredThenDecryptIsRefusedAsInvalidArgument() {
    EncryptResponse encrypted =
        kms.encrypt(EncryptRequest.newBuilder().setPlaintext(ByteString.copyFromUtf8("seed")).build());
    byte[] altered = encrypted.getCiphertext().toByteArray();
    altered[altered.length - 1] ^= 1;

    assertThatThrownBy(
            () ->
                kms.decrypt(
                    DecryptRequest.newBuilder()
                        .setKeyId(encrypted.getKeyId())
                        .setCiphertext(ByteString.copyFrom(altered))
                        .build()))
        .isInstanceOf(StatusRuntimeException.class)
        .hasMessageContaining("INVALID_ARGUMENT")
        .hasMessageContaining("failed authentication");
  }

  @Test
  void whenTheKeyFileBreaksThenHealthzNamesTheLineAndTheKeyIdStays() throws Exception {
    String current = kms.status(StatusRequest.getDefaultInstance()).getKeyId();

    KeyFiles.write(keyFile, java.util.List.of("not-a-key!"));
    StatusResponse status = kms.status(StatusRequest.getDefaultInstance());

    assertThat(status.getHealthz()).isEqualTo(keyFile + ":1: not base64 (expected one base64 32-byte key per line)");
    assertThat(status.getKeyId()).isEqualTo(current);
  }

  @Test
  void whenTheRequestKeyIdDiffersFromTheCiphertextsThenDecryptIsRefused() {
    EncryptResponse encrypted =
        kms.encrypt(EncryptRequest.newBuilder().setPlaintext(ByteString.copyFromUtf8("seed")).build());

    assertThatThrownBy(
            () ->
                kms.decrypt(
                    DecryptRequest.newBuilder()
                        .setKeyId("local:0000000000000000")
                        .setCiphertext(encrypted.getCiphertext())
                        .build()))
        .hasMessageContaining("INVALID_ARGUMENT")
        .hasMessageContaining("request key id local:0000000000000000 differs from the ciphertext's " + encrypted.getKeyId());
  }

  @Test
  void whenAStaleSocketIsLeftBehindThenANewServerReplacesIt() throws Exception {
    Path stale = dir.resolve("stale.sock");
    // a plugin killed without cleanup leaves its socket file: Java does not unlink on close
    try (ServerSocketChannel killed = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      killed.bind(UnixDomainSocketAddress.of(stale));
    }
    assertThat(stale).exists();

    try (UnixSocketServer replacement = UnixSocketServer.start(stale, new KmsService(null, null))) {
      assertThat(stale).exists();
    }
    assertThat(stale).doesNotExist();
  }

  @Test
  void whenTheSocketPathIsARegularFileThenTheServerRefusesToReplaceIt() throws Exception {
    Path notASocket = Files.writeString(dir.resolve("important.txt"), "keep me");

    assertThatThrownBy(() -> UnixSocketServer.start(notASocket, new KmsService(null, null)))
        .hasMessageContaining("is not a socket");
    assertThat(notASocket).hasContent("keep me");
  }
}
