package dev.enclave.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A simulated host cluster: fabric8's CRUD mock server with Enclave's generated CRDs registered,
 * recording every write request (POST, PUT, PATCH, DELETE) it receives.
 */
public final class MockHost implements AutoCloseable {
  private static final List<String> CRDS =
      List.of(
          "jurisdictions.enclave.dev-v1.yml",
          "datastores.enclave.dev-v1.yml",
          "tenantclusters.enclave.dev-v1.yml",
          "accessgrants.enclave.dev-v1.yml");

  /** Held so the JUL configuration is not garbage-collected; one line per request is noise. */
  private static final Logger MOCK_LOG = Logger.getLogger("io.fabric8.mockwebserver");

  static {
    MOCK_LOG.setLevel(Level.WARNING);
  }

  private final List<String> writes = new CopyOnWriteArrayList<>();
  private final KubernetesMockServer server;
  private final KubernetesClient client;

  private MockHost() {
    KubernetesCrudDispatcher dispatcher =
        new KubernetesCrudDispatcher(List.of()) {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            if (!"GET".equalsIgnoreCase(request.getMethod())) {
              writes.add(request.getMethod() + " " + request.getPath());
            }
            return super.dispatch(request);
          }
        };
    server =
        new KubernetesMockServer(
            new Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
    server.init();
    client = server.createClient();
  }

  public static MockHost start() {
    MockHost host = new MockHost();
    CRDS.forEach(host::registerCrd);
    return host;
  }

  /** A simulated tenant cluster's API server: the same recording CRUD mock, without the CRDs. */
  public static MockHost tenantApi() {
    return new MockHost();
  }

  public void registerCrd(String resource) {
    try (InputStream in = MockHost.class.getResourceAsStream("/META-INF/fabric8/" + resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " not on the classpath");
      }
      client.apiextensions().v1().customResourceDefinitions().load(in).create();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public KubernetesClient client() {
    return client;
  }

  /** Write requests received so far, as {@code METHOD path}. */
  public List<String> writes() {
    return List.copyOf(writes);
  }

  @Override
  public void close() {
    client.close();
    server.destroy();
  }
}
