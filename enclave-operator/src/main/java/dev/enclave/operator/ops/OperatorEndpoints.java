package dev.enclave.operator.ops;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The operator's HTTP endpoints on the JDK server: {@code /metrics} on the metrics port, {@code
 * /healthz} (alive) and {@code /readyz} (informers synced) on the health port. Port 0 picks a free
 * port; {@link #metricsPort()} and {@link #healthPort()} tell which.
 */
public final class OperatorEndpoints implements AutoCloseable {
  private final HttpServer metrics;
  private final HttpServer health;

  private OperatorEndpoints(HttpServer metrics, HttpServer health) {
    this.metrics = metrics;
    this.health = health;
  }

  /** Listens on {@code bindAddress} (0.0.0.0 in a pod, 127.0.0.1 for a local process). */
  public static OperatorEndpoints start(
      String bindAddress,
      int metricsPort,
      int healthPort,
      Supplier<String> metricsText,
      BooleanSupplier ready)
      throws IOException {
    HttpServer metrics = HttpServer.create(new InetSocketAddress(bindAddress, metricsPort), 0);
    HttpServer health =
        metricsPort != 0 && metricsPort == healthPort
            ? metrics
            : HttpServer.create(new InetSocketAddress(bindAddress, healthPort), 0);
    metrics.createContext(
        "/metrics", x -> respond(x, 200, MetricsText.CONTENT_TYPE, metricsText.get()));
    health.createContext("/healthz", x -> respond(x, 200, "text/plain", "ok\n"));
    health.createContext(
        "/readyz",
        x -> {
          boolean isReady = ready.getAsBoolean();
          respond(x, isReady ? 200 : 503, "text/plain", isReady ? "ok\n" : "informers syncing\n");
        });
    metrics.start();
    if (health != metrics) {
      health.start();
    }
    return new OperatorEndpoints(metrics, health);
  }

  public int metricsPort() {
    return metrics.getAddress().getPort();
  }

  public int healthPort() {
    return health.getAddress().getPort();
  }

  @Override
  public void close() {
    metrics.stop(0);
    if (health != metrics) {
      health.stop(0);
    }
  }

  private static void respond(HttpExchange exchange, int code, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(code, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
