package dev.enclave.kms;

import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.netty.NettyServerBuilder;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;

/**
 * A gRPC server on a unix domain socket (netty epoll). A stale socket file left by an earlier run
 * is removed first (any other kind of file there is refused); the socket is made mode 0600 right
 * after binding, so only the plugin's user (the API server's, in the pod) can connect.
 */
public final class UnixSocketServer implements AutoCloseable {
  private static final int S_IFMT = 0170000;
  private static final int S_IFSOCK = 0140000;

  private final Server server;
  private final Path socket;
  private final EventLoopGroup boss;
  private final EventLoopGroup workers;

  private UnixSocketServer(Server server, Path socket, EventLoopGroup boss, EventLoopGroup workers) {
    this.server = server;
    this.socket = socket;
    this.boss = boss;
    this.workers = workers;
  }

  public static UnixSocketServer start(Path socket, BindableService service) {
    if (!Epoll.isAvailable()) {
      throw new IllegalStateException("netty epoll is not available here: " + Epoll.unavailabilityCause());
    }
    removeStaleSocket(socket);
    EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
    EventLoopGroup workers = new MultiThreadIoEventLoopGroup(2, EpollIoHandler.newFactory());
    Server server =
        NettyServerBuilder.forAddress(new DomainSocketAddress(socket.toFile()))
            .channelType(EpollServerDomainSocketChannel.class)
            .bossEventLoopGroup(boss)
            .workerEventLoopGroup(workers)
            .addService(service)
            .build();
    try {
      server.start();
      Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
    } catch (IOException e) {
      server.shutdownNow();
      boss.shutdownGracefully();
      workers.shutdownGracefully();
      throw new UncheckedIOException("cannot serve on " + socket + ": " + e.getMessage(), e);
    }
    return new UnixSocketServer(server, socket, boss, workers);
  }

  public Path socket() {
    return socket;
  }

  public void awaitTermination() throws InterruptedException {
    server.awaitTermination();
  }

  private static void removeStaleSocket(Path socket) {
    try {
      if (!Files.exists(socket, LinkOption.NOFOLLOW_LINKS)) {
        Files.createDirectories(socket.toAbsolutePath().getParent());
        return;
      }
      int mode = (Integer) Files.getAttribute(socket, "unix:mode", LinkOption.NOFOLLOW_LINKS);
      if ((mode & S_IFMT) != S_IFSOCK) {
        throw new IllegalStateException(socket + " exists and is not a socket; refusing to replace it");
      }
      Files.delete(socket);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare socket " + socket + ": " + e.getMessage(), e);
    }
  }

  /** Stops accepting, lets calls in flight finish for up to 5 s, and removes the socket file. */
  @Override
  public void close() {
    server.shutdown();
    try {
      if (!server.awaitTermination(5, TimeUnit.SECONDS)) {
        server.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      server.shutdownNow();
    }
    boss.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    workers.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    try {
      Files.deleteIfExists(socket);
    } catch (IOException e) {
      // the next start removes a stale socket
    }
  }
}
