package dev.enclave.cli.playground;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An audit receiver inside a jurisdiction: the webhook backend of a tenant kube-apiserver POSTs
 * {@code audit.k8s.io/v1} EventLists to it over HTTPS; it writes each event as one JSON line to a
 * file per tenant and day, {@code <dir>/<tenant-namespace>/<tenant>/<yyyy-mm-dd>.jsonl}, and deletes
 * day files older than the retention. The sink's name resolves, in each tenant's pods, to a loopback
 * address of that tenant's own (see {@link #addressFor}), so the address a request arrives on says
 * which tenant sent it; the events are stored exactly as received.
 */
public final class AuditSink implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AuditSink.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_BODY = 32 * 1024 * 1024;

  private final URI url;
  private final SSLContext tls;
  private final Path dir;
  private final Duration retention;
  private final Clock clock;
  private final Supplier<String> addresses;
  private final Map<String, String> tenantByAddress = new ConcurrentHashMap<>();
  private final Map<String, String> addressByTenant = new ConcurrentHashMap<>();
  private final List<HttpsServer> servers = new ArrayList<>();
  private final ExecutorService executor =
      Executors.newFixedThreadPool(
          2,
          r -> {
            Thread t = new Thread(r, "audit-sink");
            t.setDaemon(true);
            return t;
          });

  /**
   * A sink for {@code url} (its path, its port or 443) serving {@code tls}, writing under {@code
   * dir}; each tenant's listener gets an address from {@code addresses}.
   */
  public AuditSink(
      URI url, SSLContext tls, Path dir, Duration retention, Clock clock, Supplier<String> addresses) {
    this.url = url;
    this.tls = tls;
    this.dir = dir;
    this.retention = retention;
    this.clock = clock;
    this.addresses = addresses;
  }

  public String host() {
    return url.getHost();
  }

  /**
   * The address {@code tenant} ({@code <namespace>/<name>}) reaches this sink at, listening there
   * from the first call on.
   */
  public synchronized String addressFor(String tenant) {
    String known = addressByTenant.get(tenant);
    if (known != null) {
      return known;
    }
    String address = addresses.get();
    int port = url.getPort() < 0 ? 443 : url.getPort();
    try {
      HttpsServer server = HttpsServer.create(new InetSocketAddress(address, port), 64);
      server.setHttpsConfigurator(new HttpsConfigurator(tls));
      String path = url.getPath() == null || url.getPath().isEmpty() ? "/" : url.getPath();
      server.createContext(path, this::receive);
      server.setExecutor(executor);
      server.start();
      servers.add(server);
    } catch (IOException e) {
      throw new UncheckedIOException("audit sink " + url + ": cannot listen on " + address + ":" + port, e);
    }
    tenantByAddress.put(address, tenant);
    addressByTenant.put(tenant, address);
    return address;
  }

  private void receive(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!"POST".equals(exchange.getRequestMethod())) {
        respond(exchange, 405, "only POST of an audit.k8s.io/v1 EventList\n");
        return;
      }
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readNBytes(MAX_BODY + 1);
      }
      if (body.length > MAX_BODY) {
        respond(exchange, 413, "event list larger than " + MAX_BODY + " bytes\n");
        return;
      }
      JsonNode list;
      try {
        list = JSON.readTree(body);
      } catch (IOException e) {
        respond(exchange, 400, "not JSON\n");
        return;
      }
      if (list == null || !"EventList".equals(list.path("kind").asText()) || !list.path("items").isArray()) {
        respond(exchange, 400, "expected an audit.k8s.io/v1 EventList\n");
        return;
      }
      String tenant = tenantByAddress.get(exchange.getLocalAddress().getAddress().getHostAddress());
      Path file = dayFile(tenant == null ? "unattributed" : tenant);
      StringBuilder lines = new StringBuilder();
      for (JsonNode event : list.path("items")) {
        lines.append(JSON.writeValueAsString(event)).append('\n');
      }
      synchronized (this) {
        Files.createDirectories(file.getParent());
        Files.writeString(file, lines, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        expire(file.getParent());
      }
      respond(exchange, 200, "");
    } catch (IOException | RuntimeException e) {
      LOG.warn("audit sink: {}", e.toString());
    }
  }

  private Path dayFile(String tenant) {
    return dir.resolve(tenant).resolve(LocalDate.now(clock.withZone(ZoneOffset.UTC)) + ".jsonl");
  }

  /** Deletes the day files of {@code tenantDir} older than the retention. */
  private void expire(Path tenantDir) throws IOException {
    LocalDate oldest = LocalDate.now(clock.withZone(ZoneOffset.UTC)).minusDays(retention.toDays());
    try (Stream<Path> files = Files.list(tenantDir)) {
      for (Path f : files.toList()) {
        String name = f.getFileName().toString();
        if (name.endsWith(".jsonl")) {
          try {
            if (LocalDate.parse(name.substring(0, name.length() - 6)).isBefore(oldest)) {
              Files.delete(f);
            }
          } catch (java.time.format.DateTimeParseException e) {
            // not a day file: leave it
          }
        }
      }
    }
  }

  private static void respond(HttpExchange exchange, int code, String text) throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(code, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  public Path directory() {
    return dir;
  }

  @Override
  public synchronized void close() {
    servers.forEach(s -> s.stop(0));
    executor.shutdownNow();
  }
}
