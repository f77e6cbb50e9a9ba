package dev.enclave.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The faults {@code bench/run faults} counts are real: each one, forced on every request, does to
 * a client of a real kube-apiserver what it claims.
 */
class FaultProxyIT {
  private static BareApiServer server;
  private static KubernetesClient admin;
  private static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeAll
  static void start() {
    server = BareApiServer.start("fault-proxy-it", BareApiServer.TENANT_FLAGS, CpuPlacement.none(), null);
    admin = server.client("fault-proxy-it");
  }

  @AfterAll
  static void stop() {
    admin.close();
    server.close();
  }

  private static FaultProxy.Mix only(double internalError, double tooMany, double dropAfter, double watchCut) {
    return new FaultProxy.Mix(internalError, 0, tooMany, 0, dropAfter, 0, Duration.ofMillis(1), 2, 2, watchCut);
  }

  private static FaultProxy proxy(FaultProxy.Mix mix) throws IOException {
    FaultProxy proxy = FaultProxy.start(server.uri(), server.sslContext(), mix, 1);
    proxy.inject(true);
    return proxy;
  }

  @Test
  void without_injection_requests_reach_the_api_server_unchanged() throws Exception {
    try (FaultProxy proxy = proxy(only(1, 0, 0, 0))) {
      proxy.inject(false);
      HttpResponse<String> r = HTTP.send(get(proxy, "/api/v1/namespaces/default"), HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).contains("\"name\":\"default\"");
      assertThat(proxy.faults()).isZero();
    }
  }

  @Test
  void an_injected_500_is_a_kubernetes_status_and_never_reaches_the_server() throws Exception {
    try (FaultProxy proxy = proxy(only(1, 0, 0, 0))) {
      HttpResponse<String> r = HTTP.send(get(proxy, "/api/v1/namespaces/default"), HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(500);
      assertThat(r.body()).contains("\"kind\":\"Status\"").contains("\"code\":500");
      assertThat(proxy.counts()).containsEntry("http500", 1L);
    }
  }

  @Test
  void an_injected_429_carries_retry_after() throws Exception {
    try (FaultProxy proxy = proxy(only(0, 1, 0, 0))) {
      HttpResponse<String> r = HTTP.send(get(proxy, "/api/v1/namespaces"), HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(429);
      assertThat(r.headers().firstValue("Retry-After")).hasValue("1");
    }
  }

  @Test
  void a_write_cut_after_the_server_applied_it_fails_for_the_client_but_exists() throws Exception {
    try (FaultProxy proxy = proxy(only(0, 0, 1, 0))) {
      String body = "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"cut-after\"},\"data\":{\"k\":\"v\"}}";
      HttpRequest create =
          HttpRequest.newBuilder(URI.create(proxy.url() + "/api/v1/namespaces/default/configmaps"))
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(body))
              .build();
      assertThatThrownBy(() -> HTTP.send(create, HttpResponse.BodyHandlers.ofString())).isInstanceOf(IOException.class);
      assertThat(admin.configMaps().inNamespace("default").withName("cut-after").get()).isNotNull();
      assertThat(proxy.counts()).containsEntry("dropAfterServer", 1L);
    }
  }

  @Test
  void a_watch_is_cut_after_its_short_life_without_its_last_chunk() throws Exception {
    try (FaultProxy proxy = proxy(only(0, 0, 0, 1))) {
      admin.configMaps().inNamespace("default").resource(
          new ConfigMapBuilder().withNewMetadata().withName("watched").endMetadata().build()).create();
      long start = System.nanoTime();
      HttpResponse<InputStream> r =
          HTTP.send(get(proxy, "/api/v1/namespaces/default/configmaps?watch=true"), HttpResponse.BodyHandlers.ofInputStream());
      assertThat(r.statusCode()).isEqualTo(200);
      try (InputStream in = r.body()) {
        assertThatThrownBy(in::readAllBytes).isInstanceOf(IOException.class);
      }
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(1500));
      assertThat(proxy.counts()).containsEntry("watchCut", 1L);
    }
  }

  @Test
  void a_websocket_upgrade_is_answered_503_so_fabric8_watches_over_a_hanging_get() throws Exception {
    try (FaultProxy proxy = proxy(only(0, 0, 0, 0))) {
      var request = new java.net.Socket("127.0.0.1", URI.create(proxy.url()).getPort());
      try (request) {
        request.getOutputStream().write(
            ("GET /api/v1/namespaces/default/configmaps?watch=true HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        byte[] head = request.getInputStream().readNBytes(12);
        assertThat(new String(head, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 503");
      }
    }
  }

  private static HttpRequest get(FaultProxy proxy, String path) {
    return HttpRequest.newBuilder(URI.create(proxy.url() + path)).timeout(Duration.ofSeconds(30)).GET().build();
  }
}
