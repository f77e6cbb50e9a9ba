package dev.enclave.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;

/**
 * A fault-injecting HTTP/1.1 proxy between a Kubernetes client and a real kube-apiserver, all on
 * loopback: the client speaks plain HTTP to {@link #url}, the proxy speaks HTTPS to the API
 * server with the credential of {@code tls} (so every client behind it acts as that identity).
 *
 * <p>Ours rather than Toxiproxy: Toxiproxy works on TCP bytes (latency, resets, timeouts), and the
 * faults a Kubernetes client must survive are HTTP ones too: 500, 503 and 429 with Retry-After, a
 * write the server applied whose answer never arrives, a watch stream cut without its last chunk.
 *
 * <p>WebSocket upgrades are answered 503, so fabric8 watches over a hanging GET (its fallback for
 * a 200 or 503 answer to the upgrade). While {@link #inject} is on, each request draws one fault from {@link Mix}; every watch is
 * given a short server-side {@code timeoutSeconds}, and a share of them end by a cut connection
 * instead of the stream's last chunk. Real 409s and 410s from the API server are counted as they
 * pass, watch events of type ERROR with code 410 included.
 */
final class FaultProxy implements AutoCloseable {
  /**
   * The probability of each fault per request (the rest pass unharmed), the latency added to a
   * share of them, and the range of a watch's life in seconds.
   */
  record Mix(
      double internalError,
      double unavailable,
      double tooManyRequests,
      double dropBeforeServer,
      double dropAfterServer,
      double latency,
      Duration maxLatency,
      int watchMinSeconds,
      int watchMaxSeconds,
      double watchCut) {
    static Mix standard() {
      return new Mix(0.015, 0.01, 0.01, 0.0075, 0.0075, 0.10, Duration.ofMillis(250), 2, 20, 0.5);
    }

    Map<String, Object> describe() {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("http500", internalError);
      out.put("http503RetryAfter1", unavailable);
      out.put("http429RetryAfter1", tooManyRequests);
      out.put("dropBeforeServer", dropBeforeServer);
      out.put("dropAfterServer", dropAfterServer);
      out.put("latency", latency);
      out.put("maxLatencyMillis", maxLatency.toMillis());
      out.put("watchSeconds", watchMinSeconds + ".." + watchMaxSeconds);
      out.put("watchCut", watchCut);
      return out;
    }
  }

  /** What happened to requests, by name: injected faults and real answers counted as they pass. */
  static final List<String> COUNTERS =
      List.of(
          "requests",
          "websocketRefused",
          "watches",
          "http500",
          "http503",
          "http429",
          "dropBeforeServer",
          "dropAfterServer",
          "latency",
          "watchCut",
          "watchEnded",
          "real409",
          "real410",
          "realOther5xx");

  /** The counters of faults this proxy injected, as opposed to what it passed or saw. */
  private static final List<String> FAULTS =
      List.of(
          "http500", "http503", "http429", "dropBeforeServer", "dropAfterServer", "latency", "watchCut");

  private static final Set<String> HOP_BY_HOP =
      Set.of(
          "connection", "content-length", "expect", "host", "upgrade", "transfer-encoding",
          "keep-alive", "te", "trailer", "proxy-connection", "http2-settings");
  private static final Pattern TIMEOUT_SECONDS = Pattern.compile("([?&])timeoutSeconds=\\d+");
  private static final byte[] GONE_EVENT = "\"code\":410".getBytes(StandardCharsets.US_ASCII);

  private final ServerSocket server;
  private final URI upstream;
  private final HttpClient http;
  private final Mix mix;
  private final Random random;
  private final AtomicBoolean inject = new AtomicBoolean();
  private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "fault-proxy");
    t.setDaemon(true);
    return t;
  });

  private FaultProxy(ServerSocket server, URI upstream, SSLContext tls, Mix mix, long seed) {
    this.server = server;
    this.upstream = upstream;
    this.mix = mix;
    this.random = new Random(seed);
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .sslContext(tls)
            .connectTimeout(Duration.ofSeconds(10))
            .executor(threads)
            .build();
    COUNTERS.forEach(c -> counts.put(c, new LongAdder()));
  }

  /** Listens on a free loopback port; injects nothing until {@link #inject} is turned on. */
  static FaultProxy start(URI upstream, SSLContext tls, Mix mix, long seed) throws IOException {
    ServerSocket server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
    FaultProxy proxy = new FaultProxy(server, upstream, tls, mix, seed);
    proxy.threads.execute(proxy::accept);
    return proxy;
  }

  String url() {
    return "http://127.0.0.1:" + server.getLocalPort();
  }

  void inject(boolean on) {
    inject.set(on);
  }

  /** Every counter of {@link #COUNTERS} with its value so far. */
  Map<String, Long> counts() {
    Map<String, Long> out = new LinkedHashMap<>();
    COUNTERS.forEach(c -> out.put(c, counts.get(c).sum()));
    return out;
  }

  /** Injected faults so far: every counter of {@link #FAULTS}. */
  long faults() {
    return FAULTS.stream().mapToLong(c -> counts.get(c).sum()).sum();
  }

  /**
   * A client configuration for a proxy at {@code url}: plain HTTP on loopback and no credential
   * (the proxy holds it), so it can be built in another process from the URL alone.
   */
  static io.fabric8.kubernetes.client.Config clientConfig(String url, String userAgent) {
    return new io.fabric8.kubernetes.client.ConfigBuilder(io.fabric8.kubernetes.client.Config.empty())
        .withMasterUrl(url)
        .withUserAgent(userAgent)
        .withRequestTimeout(30_000)
        .withConnectionTimeout(5_000)
        .build();
  }

  private void count(String counter) {
    counts.get(counter).increment();
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        open.add(client);
        threads.execute(() -> serve(client));
      } catch (IOException e) {
        return;
      }
    }
  }

  /** Requests on one client connection, kept alive until either side closes it. */
  private void serve(Socket client) {
    try (client) {
      client.setTcpNoDelay(true);
      InputStream in = new BufferedInputStream(client.getInputStream());
      OutputStream out = client.getOutputStream();
      while (true) {
        Request request = Request.read(in);
        if (request == null || !handle(request, client, out)) {
          return;
        }
      }
    } catch (IOException | RuntimeException e) {
      // a connection the client or a fault closed
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      open.remove(client);
    }
  }

  /** False when the connection must close (a fault cut it, or the client asked). */
  private boolean handle(Request request, Socket client, OutputStream out)
      throws IOException, InterruptedException {
    if (request.upgrades()) {
      // fabric8 asks for a WebSocket watch first and, answered 200 or 503, watches over a
      // hanging GET instead: that is the stream this proxy can cut.
      count("websocketRefused");
      return status(out, 503, "Service Unavailable", "ServiceUnavailable", null);
    }
    count("requests");
    boolean watch = request.isWatch();
    if (watch) {
      count("watches");
    }
    Fault fault = inject.get() ? draw() : Fault.NONE;
    if (fault.latency) {
      count("latency");
      Thread.sleep(1 + random.nextInt((int) mix.maxLatency().toMillis()));
    }
    switch (fault.kind) {
      case "http500" -> {
        count("http500");
        return status(out, 500, "Internal Server Error", "InternalError", null);
      }
      case "http503" -> {
        count("http503");
        return status(out, 503, "Service Unavailable", "ServiceUnavailable", "1");
      }
      case "http429" -> {
        count("http429");
        return status(out, 429, "Too Many Requests", "TooManyRequests", "1");
      }
      case "dropBeforeServer" -> {
        count("dropBeforeServer");
        cut(client);
        return false;
      }
      default -> {}
    }
    String target = watch && inject.get() ? withWatchTimeout(request.target) : request.target;
    HttpResponse<InputStream> response = forward(request, target);
    if (response.statusCode() == 409) {
      count("real409");
    } else if (response.statusCode() == 410) {
      count("real410");
    } else if (response.statusCode() >= 500) {
      count("realOther5xx");
    }
    if (fault.kind.equals("dropAfterServer")) {
      count("dropAfterServer");
      response.body().close();
      cut(client);
      return false;
    }
    if (watch && response.statusCode() == 200) {
      return relayWatch(response, client, out, inject.get() && random.nextDouble() < mix.watchCut());
    }
    byte[] body;
    try (InputStream in = response.body()) {
      body = in.readAllBytes();
    }
    writeHead(out, response.statusCode(), response.headers().map(), "Content-Length: " + body.length);
    out.write(body);
    out.flush();
    return !request.closes();
  }

  private record Fault(String kind, boolean latency) {
    static final Fault NONE = new Fault("", false);
  }

  private Fault draw() {
    double p = random.nextDouble();
    boolean latency = random.nextDouble() < mix.latency();
    String kind = "";
    double edge = 0;
    for (var entry :
        List.of(
            Map.entry("http500", mix.internalError()),
            Map.entry("http503", mix.unavailable()),
            Map.entry("http429", mix.tooManyRequests()),
            Map.entry("dropBeforeServer", mix.dropBeforeServer()),
            Map.entry("dropAfterServer", mix.dropAfterServer()))) {
      edge += entry.getValue();
      if (p < edge) {
        kind = entry.getKey();
        break;
      }
    }
    return new Fault(kind, latency);
  }

  private String withWatchTimeout(String target) {
    int seconds = mix.watchMinSeconds() + random.nextInt(mix.watchMaxSeconds() - mix.watchMinSeconds() + 1);
    Matcher m = TIMEOUT_SECONDS.matcher(target);
    if (m.find()) {
      return m.replaceFirst(Matcher.quoteReplacement(m.group(1) + "timeoutSeconds=" + seconds));
    }
    return target + (target.contains("?") ? "&" : "?") + "timeoutSeconds=" + seconds;
  }

  private HttpResponse<InputStream> forward(Request request, String target)
      throws IOException, InterruptedException {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(upstream.resolve(target))
            .timeout(Duration.ofMinutes(request.isWatch() ? 60 : 2))
            .method(
                request.method,
                request.body.length == 0
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(request.body));
    request.headers.forEach((name, values) -> {
      if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT))) {
        values.forEach(v -> builder.header(name, v));
      }
    });
    return http.send(builder.build(), HttpResponse.BodyHandlers.ofInputStream());
  }

  /** Relays a watch chunk by chunk; at its end, the last chunk, or a cut connection. */
  private boolean relayWatch(HttpResponse<InputStream> response, Socket client, OutputStream out, boolean cutAtEnd)
      throws IOException {
    writeHead(out, 200, response.headers().map(), "Transfer-Encoding: chunked");
    out.flush();
    byte[] buffer = new byte[16384];
    try (InputStream in = response.body()) {
      int n;
      while ((n = in.read(buffer)) > 0) {
        if (indexOf(buffer, n, GONE_EVENT) >= 0) {
          count("real410");
        }
        out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(buffer, 0, n);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
      }
    }
    if (cutAtEnd) {
      count("watchCut");
      cut(client);
      return false;
    }
    count("watchEnded");
    out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    out.flush();
    return true;
  }

  private static int indexOf(byte[] data, int length, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (data[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  /** A Kubernetes Status answer, as the API server (or a proxy in front of it) sends one. */
  private static boolean status(OutputStream out, int code, String reason, String statusReason, String retryAfter)
      throws IOException {
    byte[] body =
        ("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
                + "\"message\":\"injected by the fault proxy\",\"reason\":\"" + statusReason + "\","
                + "\"details\":{\"retryAfterSeconds\":" + (retryAfter == null ? "0" : retryAfter) + "},"
                + "\"code\":" + code + "}")
            .getBytes(StandardCharsets.UTF_8);
    StringBuilder head = new StringBuilder("HTTP/1.1 ").append(code).append(' ').append(reason).append("\r\n");
    head.append("Content-Type: application/json\r\n");
    if (retryAfter != null) {
      head.append("Retry-After: ").append(retryAfter).append("\r\n");
    }
    head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
    out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
    out.write(body);
    out.flush();
    return true;
  }

  private static void writeHead(OutputStream out, int code, Map<String, List<String>> headers, String framing)
      throws IOException {
    StringBuilder head = new StringBuilder("HTTP/1.1 ").append(code).append(" -\r\n");
    headers.forEach((name, values) -> {
      if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
        values.forEach(v -> head.append(name).append(": ").append(v).append("\r\n"));
      }
    });
    head.append(framing).append("\r\n\r\n");
    out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
  }

  /** Closes a connection at once, with a reset rather than an orderly close. */
  private static void cut(Socket client) {
    try {
      client.setSoLinger(true, 0);
      client.close();
    } catch (IOException e) {
      // already gone
    }
  }

  @Override
  public void close() {
    close(server);
    open.forEach(FaultProxy::cut);
    threads.shutdownNow();
  }

  private static void close(Closeable c) {
    try {
      c.close();
    } catch (IOException e) {
      // closing
    }
  }

  /** One HTTP/1.1 request as a client sent it: request line, headers, body. */
  private record Request(String method, String target, Map<String, List<String>> headers, byte[] body) {
    boolean isWatch() {
      return target.contains("watch=true") || target.contains("watch=1");
    }

    boolean upgrades() {
      return headers.keySet().stream().anyMatch(k -> k.equalsIgnoreCase("upgrade"));
    }

    boolean closes() {
      return headers.entrySet().stream()
          .anyMatch(e -> e.getKey().equalsIgnoreCase("connection")
              && e.getValue().stream().anyMatch(v -> v.equalsIgnoreCase("close")));
    }

    /** Null at the end of the connection. */
    static Request read(InputStream in) throws IOException {
      String line = line(in);
      if (line == null || line.isEmpty()) {
        return null;
      }
      String[] parts = line.split(" ");
      if (parts.length != 3) {
        throw new SocketException("not an HTTP request line: " + line);
      }
      Map<String, List<String>> headers = new LinkedHashMap<>();
      String header;
      while ((header = line(in)) != null && !header.isEmpty()) {
        int colon = header.indexOf(':');
        headers.computeIfAbsent(header.substring(0, colon).trim(), k -> new ArrayList<>())
            .add(header.substring(colon + 1).trim());
      }
      byte[] body = new byte[0];
      String length = first(headers, "content-length");
      String encoding = first(headers, "transfer-encoding");
      if (length != null) {
        body = in.readNBytes(Integer.parseInt(length));
      } else if (encoding != null && encoding.equalsIgnoreCase("chunked")) {
        body = chunked(in);
      }
      return new Request(parts[0], parts[1], headers, body);
    }

    private static String first(Map<String, List<String>> headers, String name) {
      return headers.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().get(0))
          .findFirst()
          .orElse(null);
    }

    private static byte[] chunked(InputStream in) throws IOException {
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      while (true) {
        String size = line(in);
        if (size == null) {
          throw new SocketException("chunked body cut short");
        }
        int n = Integer.parseInt(size.split(";")[0].trim(), 16);
        if (n == 0) {
          while (true) {
            String trailer = line(in);
            if (trailer == null || trailer.isEmpty()) {
              return body.toByteArray();
            }
          }
        }
        body.write(in.readNBytes(n));
        line(in);
      }
    }

    private static String line(InputStream in) throws IOException {
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      int b;
      while ((b = in.read()) >= 0) {
        if (b == '\n') {
          byte[] bytes = line.toByteArray();
          int end = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
          return new String(bytes, 0, end, StandardCharsets.ISO_8859_1);
        }
        line.write(b);
      }
      return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
    }
  }
}
