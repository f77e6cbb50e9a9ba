package dev.enclave.cli.report;

import dev.enclave.api.v1alpha1.TenantCluster;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Set;

/** A CRUD mock host that answers 403 Forbidden to reads whose path contains a given part. */
final class LiveHost implements AutoCloseable {
  private final KubernetesMockServer server;
  final KubernetesClient client;

  private LiveHost(Set<String> forbidden) {
    KubernetesCrudDispatcher dispatcher =
        new KubernetesCrudDispatcher(List.of()) {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            if ("GET".equals(request.getMethod())
                && forbidden.stream().anyMatch(part -> request.getPath().contains(part))) {
              return new MockResponse()
                  .setResponseCode(403)
                  .setBody(
                      "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\","
                          + "\"reason\":\"Forbidden\",\"code\":403}");
            }
            return super.dispatch(request);
          }
        };
    server =
        new KubernetesMockServer(
            new Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
    server.init();
    client = server.createClient();
    registerCrd();
  }

  static LiveHost start(String... forbidden) {
    return new LiveHost(Set.of(forbidden));
  }

  <T extends HasMetadata> T create(T object) {
    return client.resource(object).create();
  }

  private void registerCrd() {
    String resource =
        "/META-INF/fabric8/" + HasMetadata.getFullResourceName(TenantCluster.class) + "-v1.yml";
    try (InputStream in = LiveHost.class.getResourceAsStream(resource)) {
      client
          .apiextensions()
          .v1()
          .customResourceDefinitions()
          .resource(Serialization.unmarshal(in, CustomResourceDefinition.class))
          .create();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    client.close();
    server.destroy();
  }
}
