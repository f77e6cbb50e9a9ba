package dev.enclave.syncer;

import static dev.enclave.syncer.SyncerFixture.HOST_NS;
import static dev.enclave.syncer.SyncerFixture.eventually;
import static dev.enclave.syncer.SyncerFixture.pod;
import static org.assertj.core.api.Assertions.assertThat;

import dev.enclave.syncer.translate.NameTranslator;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TokenSyncTest {
  private final SyncerFixture f = new SyncerFixture();

  @AfterEach
  void close() {
    f.close();
  }

  @Test
  void whenPodsOfOneServiceAccountAreSyncedThenTheyShareOneTokenSecretAndNoHostToken() {
    f.start();
    createWithToken("web-1", "default");
    createWithToken("web-2", "default");
    createWithToken("batch", "jobs");

    eventually(() -> tokenSecrets().size() == 2);
    assertThat(tokenSecrets())
        .extracting(s -> s.getMetadata().getName())
        .containsExactlyInAnyOrder(
            NameTranslator.tokenSecretName("shop", "default"),
            NameTranslator.tokenSecretName("shop", "jobs"));
    for (String name : List.of("web-1", "web-2")) {
      Pod host = f.hostPod("shop", name);
      assertThat(host.getSpec().getAutomountServiceAccountToken()).isFalse();
      assertThat(host.getSpec().getVolumes())
          .anyMatch(
              v ->
                  v.getProjected() != null
                      && v.getProjected().getSources().stream()
                          .anyMatch(
                              p ->
                                  p.getSecret() != null
                                      && p.getSecret()
                                          .getName()
                                          .equals(
                                              NameTranslator.tokenSecretName("shop", "default"))));
    }
  }

  @Test
  void whenTheLastPodOfAServiceAccountIsDeletedThenItsTokenSecretIsDeleted() {
    f.start();
    createWithToken("web-1", "default");
    createWithToken("web-2", "default");
    eventually(() -> tokenSecrets().size() == 1);

    f.tenant.pods().inNamespace("shop").withName("web-1").delete();
    eventually(() -> f.hostPod("shop", "web-1") == null);
    f.settle();
    assertThat(tokenSecrets()).hasSize(1);

    f.tenant.pods().inNamespace("shop").withName("web-2").delete();
    eventually(() -> tokenSecrets().isEmpty());
  }

  @Test
  void whenASyncerWithSharedTokensRestartsThenItWritesNothing() {
    createWithToken("web-1", "default");
    createWithToken("web-2", "default");
    f.start();
    eventually(() -> f.hostPod("shop", "web-2") != null && tokenSecrets().size() == 1);
    f.settle();
    f.syncer.close();
    f.hostServer.clearWrites();
    f.tenantServer.clearWrites();

    f.start();
    f.settle();

    assertThat(f.hostServer.writes()).as("host writes after a restart").isEmpty();
    assertThat(f.tenantServer.writes()).as("tenant writes after a restart").isEmpty();
  }

  @Test
  void theCrudMockStoresATokenRequestForAMissingAccountInsteadOfAnswering404() {
    TokenRequest request =
        new TokenRequestBuilder()
            .withNewMetadata()
            .withName("ghost")
            .endMetadata()
            .withNewSpec()
            .withExpirationSeconds(3600L)
            .endSpec()
            .build();
    // Why the 404 test below injects its answer: a real API server says 404 here.
    TokenRequest answer =
        f.tenant.serviceAccounts().inNamespace("shop").withName("ghost").tokenRequest(request);
    assertThat(answer.getStatus()).as("stored as an object, no token issued").isNull();
  }

  @Test
  void whenAServiceAccountIsMissingThenItsPodIsWarnedOnceAndOtherAccountsKeepTokenRequest() {
    AtomicBoolean ghostExists = new AtomicBoolean();
    f.tenantServer.override(
        r -> {
          if (isTokenRequest(r, "ghost") && !ghostExists.get()) {
            return MockCluster.status(404, "NotFound", "serviceaccounts \\\"ghost\\\" not found");
          }
          if (isTokenRequest(r, "ghost") || isTokenRequest(r, "default")) {
            return issued(r.getPath().contains("/ghost/") ? "ghost" : "default");
          }
          return null;
        });
    f.start();
    createWithToken("batch", "ghost");
    eventually(() -> !warnings("batch").isEmpty());

    createWithToken("web-1", "default");
    eventually(() -> "token-default".equals(token("default")));
    // no settle(): the missing account's key is retried with back-off, so the syncer is not idle
    assertThat(tokenSecret("default").getMetadata().getAnnotations())
        .containsKey("enclave.dev/token-expires");
    assertThat(f.tenant.secrets().inNamespace("shop").list().getItems())
        .as("no legacy token Secret: TokenRequest is still used")
        .noneMatch(s -> s.getMetadata().getName().endsWith("-enclave-token"));
    assertThat(warnings("batch"))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getType()).isEqualTo("Warning");
              assertThat(e.getMessage()).contains("shop/ghost");
            });
    assertThat(token("ghost")).isNull();

    ghostExists.set(true);
    f.tenant
        .serviceAccounts()
        .inNamespace("shop")
        .resource(
            new ServiceAccountBuilder()
                .withNewMetadata()
                .withName("ghost")
                .withNamespace("shop")
                .endMetadata()
                .build())
        .create();
    eventually(() -> "token-ghost".equals(token("ghost")));
    assertThat(warnings("batch")).hasSize(1);
  }

  @Test
  void whenTheServerHasNoTokenRequestThenTheSyncerFallsBackToLegacySecrets() {
    f.tenantServer.override(
        r ->
            isTokenRequest(r, "default")
                ? MockCluster.status(405, "MethodNotAllowed", "the server does not allow this method")
                : null);
    f.start();
    createWithToken("web-1", "default");

    eventually(
        () ->
            f.tenant.secrets().inNamespace("shop").withName("default-enclave-token").get()
                != null);
    eventually(() -> tokenSecret("default") != null);
    assertThat(tokenSecret("default").getMetadata().getAnnotations())
        .doesNotContainKey("enclave.dev/token-expires");
  }

  private static boolean isTokenRequest(RecordedRequest r, String account) {
    return "POST".equals(r.getMethod())
        && r.getPath().endsWith("/namespaces/shop/serviceaccounts/" + account + "/token");
  }

  /** What a real API server answers a TokenRequest with. */
  private static MockResponse issued(String account) {
    return new MockResponse()
        .setResponseCode(201)
        .setBody(
            "{\"kind\":\"TokenRequest\",\"apiVersion\":\"authentication.k8s.io/v1\","
                + "\"metadata\":{\"name\":\""
                + account
                + "\",\"namespace\":\"shop\"},\"spec\":{\"expirationSeconds\":86400},"
                + "\"status\":{\"token\":\"token-"
                + account
                + "\",\"expirationTimestamp\":\""
                + Instant.now().plus(Duration.ofHours(24)).truncatedTo(ChronoUnit.SECONDS)
                + "\"}}");
  }

  private List<io.fabric8.kubernetes.api.model.Event> warnings(String pod) {
    return f.tenant.v1().events().inNamespace("shop").list().getItems().stream()
        .filter(e -> pod.equals(e.getInvolvedObject().getName()))
        .filter(e -> "ServiceAccountNotFound".equals(e.getReason()))
        .toList();
  }

  private Secret tokenSecret(String account) {
    return f.host
        .secrets()
        .inNamespace(HOST_NS)
        .withName(NameTranslator.tokenSecretName("shop", account))
        .get();
  }

  private String token(String account) {
    Secret secret = tokenSecret(account);
    if (secret == null || secret.getData() == null || secret.getData().get("token") == null) {
      return null;
    }
    return new String(
        Base64.getDecoder().decode(secret.getData().get("token")), StandardCharsets.UTF_8);
  }

  private void createWithToken(String name, String serviceAccount) {
    Pod pod =
        new PodBuilder(pod("shop", name))
            .editSpec()
            .withAutomountServiceAccountToken(null)
            .withServiceAccountName(serviceAccount)
            .endSpec()
            .build();
    f.tenant.pods().inNamespace("shop").resource(pod).create();
  }

  private List<Secret> tokenSecrets() {
    return f.host.secrets().inNamespace(HOST_NS).list().getItems().stream()
        .filter(
            s ->
                NameTranslator.tenantRef(s)
                    .filter(r -> "ServiceAccount".equals(r.kind()))
                    .isPresent())
        .toList();
  }
}
