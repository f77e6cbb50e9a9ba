package dev.enclave.syncer;

import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/** One API server for tests: fabric8's CRUD mock, recording every write request it receives. */
final class MockCluster implements AutoCloseable {
  private static final Logger MOCK_LOG = Logger.getLogger("io.fabric8.mockwebserver");

  static {
    MOCK_LOG.setLevel(Level.WARNING);
  }

  private final List<String> writes = new CopyOnWriteArrayList<>();
  private final List<String> deleteBodies = new CopyOnWriteArrayList<>();
  private volatile Function<RecordedRequest, MockResponse> override = r -> null;
  private final KubernetesMockServer server;
  private final KubernetesClient client;

  MockCluster() {
    KubernetesCrudDispatcher dispatcher =
        new KubernetesCrudDispatcher(List.of()) {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            if (!"GET".equalsIgnoreCase(request.getMethod())) {
              writes.add(request.getMethod() + " " + request.getPath());
            }
            if ("DELETE".equalsIgnoreCase(request.getMethod()) && request.getBody() != null) {
              deleteBodies.add(new String(request.getBody().getBytes(), StandardCharsets.UTF_8));
            }
            MockResponse answer = override.apply(request);
            return answer != null ? answer : super.dispatch(request);
          }
        };
    server =
        new KubernetesMockServer(
            new Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
    server.init();
    // No client-side retries of 5xx answers: tests that inject them want the failure at once.
    KubernetesClient mockClient = server.createClient();
    client =
        new KubernetesClientBuilder()
            .withConfig(
                new ConfigBuilder(mockClient.getConfiguration())
                    .withRequestRetryBackoffLimit(0)
                    .build())
            .build();
    mockClient.close();
  }

  /** A Kubernetes Status answer, for {@link #override}. */
  static MockResponse status(int code, String reason, String message) {
    return new MockResponse()
        .setResponseCode(code)
        .setBody(
            "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"reason\":\""
                + reason
                + "\",\"code\":"
                + code
                + ",\"message\":\""
                + message
                + "\"}");
  }

  KubernetesClient client() {
    return client;
  }

  /** Answers the requests for which the function gives a response instead of the CRUD store. */
  void override(Function<RecordedRequest, MockResponse> answer) {
    override = answer;
  }

  List<String> writes() {
    return List.copyOf(writes);
  }

  /** The bodies (DeleteOptions) of the DELETE requests received. */
  List<String> deleteBodies() {
    return List.copyOf(deleteBodies);
  }

  void clearWrites() {
    writes.clear();
  }

  @Override
  public void close() {
    client.close();
    server.destroy();
  }
}
