package dev.enclave.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * When each pod appeared on the host: one watch of every pod on the host API server, read on
 * threads named {@link #THREAD} (pinned with the host server, outside the system under test), each
 * ADDED event timed on arrival (epoch nanoseconds) and filed under the tenant namespace and name
 * the pod copies ({@code enclave.dev/object-*} annotations; the bare baseline's pods carry the same
 * ones). The same watch serves both measurements, so its cost and its delay are the same for both.
 * A watch the server ends is resumed from the last resourceVersion seen.
 */
final class HostPodWatch implements AutoCloseable {
  static final String THREAD = "bench-watch";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final BareApiServer host;
  private final HttpClient http;
  private final ExecutorService threads;
  private final Map<String, Map<String, Long>> created = new ConcurrentHashMap<>();
  private volatile String resourceVersion;
  private volatile boolean closed;
  private volatile Throwable failure;

  HostPodWatch(BareApiServer host, String resourceVersion) {
    this.host = host;
    this.resourceVersion = resourceVersion;
    AtomicInteger n = new AtomicInteger();
    this.threads =
        Executors.newFixedThreadPool(
            2,
            r -> {
              Thread t = new Thread(r, THREAD + n.getAndIncrement());
              t.setDaemon(true);
              return t;
            });
    this.http =
        HttpClient.newBuilder()
            .sslContext(host.sslContext())
            .version(HttpClient.Version.HTTP_1_1)
            .executor(threads)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    threads.submit(this::watchUntilClosed);
  }

  /** How many pods copying tenant namespace {@code namespace} the host has created. */
  int count(String namespace) {
    requireRunning();
    return created.getOrDefault(namespace, Map.of()).size();
  }

  /** Tenant pod name to host create time (epoch nanoseconds) for {@code namespace}. */
  Map<String, Long> created(String namespace) {
    return created.getOrDefault(namespace, Map.of());
  }

  private void requireRunning() {
    if (failure != null) {
      throw new IllegalStateException("the host pod watch failed", failure);
    }
  }

  private Void watchUntilClosed() {
    // bounded: one resume per server-side timeout (an hour) or dropped stream, 100 at most
    for (int attempt = 0; attempt < 100 && !closed; attempt++) {
      try {
        watchOnce();
      } catch (IOException | RuntimeException e) {
        if (!closed && attempt == 99) {
          failure = e;
        }
        try {
          Thread.sleep(200);
        } catch (InterruptedException stop) {
          return null;
        }
      } catch (InterruptedException e) {
        return null;
      }
    }
    return null;
  }

  private void watchOnce() throws IOException, InterruptedException {
    URI uri =
        URI.create(
            host.url()
                + "/api/v1/pods?watch=true&timeoutSeconds=3600&resourceVersion="
                + resourceVersion);
    HttpResponse<InputStream> response =
        http.send(
            HttpRequest.newBuilder(uri).header("User-Agent", "bench-watch").GET().build(),
            HttpResponse.BodyHandlers.ofInputStream());
    if (response.statusCode() != 200) {
      response.body().close();
      throw new IOException("watching the host's pods answered " + response.statusCode());
    }
    try (BufferedReader lines =
        new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      for (String line = lines.readLine(); line != null && !closed; line = lines.readLine()) {
        long now = BenchClock.epochNanos();
        JsonNode event = JSON.readTree(line);
        JsonNode metadata = event.path("object").path("metadata");
        if ("ERROR".equals(event.path("type").asText())) {
          throw new IOException("the host pod watch ended: " + line);
        }
        resourceVersion = metadata.path("resourceVersion").asText(resourceVersion);
        if ("ADDED".equals(event.path("type").asText())) {
          JsonNode annotations = metadata.path("annotations");
          String namespace = annotations.path("enclave.dev/object-namespace").asText(null);
          String name = annotations.path("enclave.dev/object-name").asText(null);
          if (namespace != null && name != null) {
            created.computeIfAbsent(namespace, k -> new ConcurrentHashMap<>()).put(name, now);
          }
        }
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    threads.shutdownNow();
  }
}
