package dev.enclave.operator.webhook;

import static dev.enclave.operator.webhook.WebhookFixtures.tenant;
import static dev.enclave.operator.webhook.WebhookHttps.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.enclave.operator.OperatorConfig;
import dev.enclave.operator.PlatformSource;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionRequest;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponse;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The HTTP contract: 400 for what is not a review, fail closed on errors, uid always echoed. */
class WebhookProtocolTest {
  private static final String SECRET_DETAIL = "token=hunter2";

  private AdmissionWebhookServer server;
  private WebhookHttps https;
  private WebhookTls tls;

  @BeforeEach
  void startWebhookWhosePlatformCannotBeRead() throws Exception {
    PlatformSource broken =
        () -> {
          throw new IllegalStateException("API server unreachable, " + SECRET_DETAIL);
        };
    tls = new WebhookTls();
    OperatorConfig config =
        new OperatorConfig(
            Set.of("eu"), "enclave-system", 0, 0, 0, Duration.ofMinutes(10), false, "test");
    server = AdmissionWebhookServer.start(broken, name -> Optional.empty(), config, tls.server());
    https = new WebhookHttps(tls.client(), server.port());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void whenTheBodyIsNotJson_thenItIsA400WithAPlainMessage() throws Exception {
    HttpResponse<String> response = https.post(AdmissionWebhookServer.ENCLAVE_PATH, "{not json");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain; charset=utf-8");
    assertThat(response.body())
        .isEqualTo("malformed AdmissionReview: body is not valid AdmissionReview JSON\n");
  }

  @Test
  void whenTheReviewHasNoRequestOrTheWrongVersion_thenItIsA400() throws Exception {
    String noRequest = "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\"}";
    String beta =
        WebhookHttps.json(request("CREATE", tenant("acme")).build())
            .replace("admission.k8s.io/v1", "admission.k8s.io/v1beta1");

    HttpResponse<String> missing = https.post(AdmissionWebhookServer.PODS_PATH, noRequest);
    HttpResponse<String> wrongVersion = https.post(AdmissionWebhookServer.ENCLAVE_PATH, beta);

    assertThat(missing.statusCode()).isEqualTo(400);
    assertThat(missing.body()).contains("request.uid is required");
    assertThat(wrongVersion.statusCode()).isEqualTo(400);
    assertThat(wrongVersion.body()).contains("expected apiVersion admission.k8s.io/v1");
  }

  @Test
  void whenTheBodyExceedsThreeMebibytes_thenItIsRefusedUnread() throws Exception {
    String huge = "{\"pad\":\"" + "x".repeat(AdmissionHandler.MAX_BODY_BYTES) + "\"}";

    HttpResponse<String> response = https.post(AdmissionWebhookServer.ENCLAVE_PATH, huge);

    assertThat(response.statusCode()).isEqualTo(413);
  }

  @Test
  void whenTheMethodIsNotPost_thenItIsA405() throws Exception {
    HttpClient http = HttpClient.newBuilder().sslContext(tls.client()).build();
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(
                        "https://localhost:" + server.port() + AdmissionWebhookServer.PODS_PATH))
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(405);
  }

  @Test
  void whenValidationFails_thenTheRequestIsDeniedWithoutDetailsAndTheUidEchoed() throws Exception {
    AdmissionRequest request = request("CREATE", tenant("acme")).build();

    AdmissionResponse response = https.review(AdmissionWebhookServer.ENCLAVE_PATH, request);

    assertThat(response.getUid()).isEqualTo(request.getUid());
    assertThat(response.getAllowed()).isFalse();
    assertThat(response.getStatus().getCode()).isEqualTo(500);
    assertThat(response.getStatus().getMessage())
        .contains("could not validate this request")
        .contains(request.getUid())
        .doesNotContain(SECRET_DETAIL)
        .doesNotContain("Exception");
  }

  @Test
  void whenTheFailureIsLogged_thenItsMessageIsLeftOut() {
    String logged = Failures.describe(new IllegalStateException("boom " + SECRET_DETAIL));

    assertThat(logged).startsWith("java.lang.IllegalStateException at ").doesNotContain("hunter2");
  }

  @Test
  void whenAnObjectIsNotEnclaves_thenItIsAllowedWithoutReadingThePlatform() throws Exception {
    var pod = WebhookFixtures.compliantPod();
    AdmissionRequest request = request("CREATE", pod).build();

    AdmissionResponse response = https.review(AdmissionWebhookServer.ENCLAVE_PATH, request);

    assertThat(response.getAllowed()).isTrue();
    assertThat(response.getUid()).isEqualTo(request.getUid());
  }
}
