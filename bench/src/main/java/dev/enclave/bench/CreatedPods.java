package dev.enclave.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When the host server created each pod, recorded by the server itself (wall clock, epoch
 * nanoseconds, the clock every process on the machine shares), by the tenant namespace and name the
 * pod copies ({@code enclave.dev/object-*} annotations). Timing on the server, not by a client
 * watch, keeps the measurement from costing the measured side CPU.
 *
 * <p>{@code GET /bench/created-count?namespace=NS} answers how many, {@code GET
 * /bench/created?namespace=NS} one {@code name nanos} line per pod.
 */
final class CreatedPods {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Map<String, Map<String, Long>> byNamespace = new ConcurrentHashMap<>();

  /** Records a successful pod create; anything else is ignored. */
  void record(RecordedRequest request, byte[] body, MockResponse response) {
    if (!"POST".equals(request.getMethod())
        || !request.getPath().endsWith("/pods")
        || response.code() >= 300
        || body == null) {
      return;
    }
    long now = BenchClock.epochNanos();
    try {
      JsonNode annotations = JSON.readTree(body).path("metadata").path("annotations");
      String namespace = annotations.path("enclave.dev/object-namespace").asText(null);
      String name = annotations.path("enclave.dev/object-name").asText(null);
      if (namespace != null && name != null) {
        byNamespace.computeIfAbsent(namespace, n -> new ConcurrentHashMap<>()).put(name, now);
      }
    } catch (IOException e) {
      // not a pod this benchmark times
    }
  }

  MockResponse answer(String path) {
    int q = path.indexOf("namespace=");
    String namespace =
        q < 0 ? "" : URLDecoder.decode(path.substring(q + 10), StandardCharsets.UTF_8);
    Map<String, Long> created = byNamespace.getOrDefault(namespace, Map.of());
    if (path.startsWith("/bench/created-count")) {
      return new MockResponse().setResponseCode(200).setBody(Integer.toString(created.size()));
    }
    StringBuilder body = new StringBuilder();
    created.forEach((name, nanos) -> body.append(name).append(' ').append(nanos).append('\n'));
    return new MockResponse().setResponseCode(200).setBody(body.toString());
  }
}
