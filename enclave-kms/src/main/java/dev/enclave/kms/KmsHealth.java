package dev.enclave.kms;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * The plugin's probe endpoints, for the kubelet, which cannot probe a unix socket: {@code /healthz}
 * answers 200 once the KMS socket serves (the startup probe that lets the API server start after
 * the plugin, so it never backs off from a missing socket); {@code /readyz} answers 200 while the
 * key backend reports healthy and 503 with its message otherwise. Nothing else is served, and no
 * key material or key id appears in an answer.
 */
final class KmsHealth implements AutoCloseable {
  private final HttpServer server;

  private KmsHealth(HttpServer server) {
    this.server = server;
  }

  /** Serves on {@code address} (port 0 for a free one) until closed. */
  static KmsHealth start(InetSocketAddress address, KeyEncryptionKeys keys) {
    HttpServer server;
    try {
      server = HttpServer.create(address, 0);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "--health-listen " + address.getHostString() + ":" + address.getPort() + ": " + e.getMessage(), e);
    }
    server.createContext("/healthz", x -> respond(x, 200, "ok\n"));
    server.createContext(
        "/readyz",
        x -> {
          String health = KmsService.health(keys);
          boolean ok = "ok".equals(health);
          respond(x, ok ? 200 : 503, ok ? "ok\n" : "key backend: " + health + "\n");
        });
    server.start();
    return new KmsHealth(server);
  }

  int port() {
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
