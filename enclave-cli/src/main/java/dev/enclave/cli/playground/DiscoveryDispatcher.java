package dev.enclave.cli.playground;

import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.Optional;

/**
 * Answers discovery and OpenAPI requests itself and hands every other request to the CRUD
 * dispatcher, so one simulated host serves both kubectl's discovery and plain CRUD.
 */
final class DiscoveryDispatcher extends Dispatcher {
  private static final String NOT_FOUND =
      "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\","
          + "\"message\":\"the playground serves no OpenAPI documents\","
          + "\"reason\":\"NotFound\",\"code\":404}";

  private final DiscoveryDocuments documents;
  private final Dispatcher crud;

  DiscoveryDispatcher(DiscoveryDocuments documents, Dispatcher crud) {
    this.documents = documents;
    this.crud = crud;
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    String path = request.getPath();
    if ("GET".equals(request.getMethod())) {
      if (DiscoveryDocuments.isOpenApiV2(path)) {
        return emptyOpenApiV2();
      }
      if (DiscoveryDocuments.isOpenApi(path)) {
        return json(404, NOT_FOUND);
      }
      Optional<String> document = documents.document(path);
      if (document.isPresent()) {
        return json(200, document.get());
      }
    }
    return crud.dispatch(request);
  }

  @Override
  public void shutdown() {
    crud.shutdown();
  }

  /**
   * An OpenAPI v2 document with no definitions, in the protobuf encoding kubectl asks for (an
   * empty message is zero bytes). kubectl's client-side validation then knows no schema and lets
   * the API server judge, so {@code kubectl apply} works without {@code --validate=false}.
   */
  private static MockResponse emptyOpenApiV2() {
    return new MockResponse()
        .setResponseCode(200)
        .setHeader("Content-Type", "application/com.github.proto-openapi.spec.v2.v1.0+protobuf")
        .setBody("");
  }

  private static MockResponse json(int code, String body) {
    return new MockResponse()
        .setResponseCode(code)
        .setHeader("Content-Type", "application/json")
        .setBody(body);
  }
}
