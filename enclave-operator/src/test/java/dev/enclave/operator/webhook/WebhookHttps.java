package dev.enclave.operator.webhook;

import io.fabric8.kubernetes.api.model.GroupVersionKind;
import io.fabric8.kubernetes.api.model.GroupVersionResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionRequest;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionRequestBuilder;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponse;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionReview;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionReviewBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import javax.net.ssl.SSLContext;

/** Sends AdmissionReview JSON to the webhook over HTTPS, as the API server does. */
final class WebhookHttps {
  private final HttpClient http;
  private final int port;

  WebhookHttps(SSLContext trust, int port) {
    this.http =
        HttpClient.newBuilder().sslContext(trust).connectTimeout(Duration.ofSeconds(5)).build();
    this.port = port;
  }

  HttpResponse<String> post(String path, String body) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("https://localhost:" + port + path))
            .header("Content-Type", "application/json")
            .timeout(Duration.ofSeconds(10))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  /** Posts one review and returns its response, failing unless the HTTP status is 200. */
  AdmissionResponse review(String path, AdmissionRequest request) throws Exception {
    HttpResponse<String> response = post(path, json(request));
    if (response.statusCode() != 200) {
      throw new AssertionError("HTTP " + response.statusCode() + ": " + response.body());
    }
    AdmissionReview review = Serialization.unmarshal(response.body(), AdmissionReview.class);
    return review.getResponse();
  }

  static String json(AdmissionRequest request) {
    return Serialization.asJson(
        new AdmissionReviewBuilder()
            .withApiVersion("admission.k8s.io/v1")
            .withKind("AdmissionReview")
            .withRequest(request)
            .build());
  }

  /** A request as the API server sends it for {@code object} (the new one; old for DELETE). */
  static AdmissionRequestBuilder request(String operation, HasMetadata object) {
    String[] groupVersion = object.getApiVersion().split("/");
    String group = groupVersion.length == 2 ? groupVersion[0] : "";
    String version = groupVersion[groupVersion.length - 1];
    String resource = object.getKind().toLowerCase() + "s";
    AdmissionRequestBuilder builder =
        new AdmissionRequestBuilder()
            .withUid(UUID.randomUUID().toString())
            .withKind(new GroupVersionKind(group, object.getKind(), version))
            .withResource(new GroupVersionResource(group, resource, version))
            .withName(object.getMetadata().getName())
            .withNamespace(object.getMetadata().getNamespace())
            .withOperation(operation)
            .withDryRun(false);
    return "DELETE".equals(operation) ? builder.withOldObject(object) : builder.withObject(object);
  }
}
