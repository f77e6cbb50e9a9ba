package dev.enclave.syncer;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;

/** The syncer's {@code /healthz} (alive) and {@code /readyz} (caches synced) endpoints. */
public final class SyncerHealth implements AutoCloseable {
  private final HttpServer server;

  private SyncerHealth(HttpServer server) {
    this.server = server;
  }

  /** Serves on the port (0: a free one) of every interface until closed. */
  public static SyncerHealth start(int port, BooleanSupplier ready) throws IOException {
    return start(null, port, ready);
  }

  /** Serves on {@code address} (null: every interface) and the port until closed. */
  public static SyncerHealth start(String address, int port, BooleanSupplier ready)
      throws IOException {
    InetSocketAddress bind =
        address == null || address.isBlank()
            ? new InetSocketAddress(port)
            : new InetSocketAddress(address, port);
    HttpServer server = HttpServer.create(bind, 0);
    server.createContext("/healthz", x -> respond(x, 200, "ok\n"));
    server.createContext(
        "/readyz",
        x -> {
          boolean isReady = ready.getAsBoolean();
          respond(x, isReady ? 200 : 503, isReady ? "ok\n" : "caches syncing\n");
        });
    server.start();
    return new SyncerHealth(server);
  }

  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private static void respond(HttpExchange exchange, int code, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/plain");
    exchange.sendResponseHeaders(code, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
