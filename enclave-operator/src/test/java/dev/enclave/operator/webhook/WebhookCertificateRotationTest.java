package dev.enclave.operator.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.enclave.core.model.Platform;
import dev.enclave.core.pki.Pem;
import dev.enclave.core.pki.PkiSecret;
import dev.enclave.operator.OperatorConfig;
import dev.enclave.operator.TeeOutputStream;
import dev.enclave.operator.TestClock;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * With ENCLAVE_WEBHOOK_CERT_MANAGER=enclave the operator issues its webhook's CA and serving
 * certificate into a Secret, writes the CA into the webhook configuration, renews both in time and
 * serves the renewed pair without a restart; replicas racing each other end on one Secret.
 */
@EnableKubernetesMockClient(crud = true)
class WebhookCertificateRotationTest {
  private static final String NAMESPACE = "enclave-system";
  private static final String SECRET = "enclave-webhook-tls";
  private static final String SECRET_PATH =
      "/api/v1/namespaces/" + NAMESPACE + "/secrets/" + SECRET;
  private static final List<String> DNS_NAMES =
      List.of(
          "enclave-webhook.enclave-system.svc", "enclave-webhook.enclave-system.svc.cluster.local");

  KubernetesMockServer server;
  KubernetesClient client;

  private final TestClock clock = new TestClock(Instant.parse("2026-03-01T12:00:00Z"));
  private final OperatorConfig config =
      new OperatorConfig(Set.of("eu"), NAMESPACE, 0, 0, 0, Duration.ofMinutes(10), false, "test");
  private final List<AutoCloseable> started = new ArrayList<>();

  @BeforeEach
  void installTheWebhookConfigurationAsTheChartDoes() throws InterruptedException {
    client.resource(webhookConfiguration()).create();
    writesSinceLastCall();
  }

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable closeable : started) {
      closeable.close();
    }
  }

  @Test
  void whenTheOperatorFirstStarts_thenItCreatesTheSecretAndWritesTheCaIntoEveryWebhook()
      throws Exception {
    WebhookCertificateRotation rotation = replica();

    Map<String, String> data = secretText();
    assertThat(secret().getType()).isEqualTo("kubernetes.io/tls");
    assertThat(data).containsOnlyKeys("tls.crt", "tls.key", "ca.crt", "ca.key");
    X509Certificate ca = Pem.readCertificate(data.get("ca.crt"));
    X509Certificate serving = Pem.readCertificate(data.get("tls.crt"));
    assertThat(ca.getBasicConstraints()).isGreaterThanOrEqualTo(0);
    assertThat(ca.getPublicKey().getAlgorithm()).isEqualTo("EC");
    assertThat(dnsNames(serving)).containsExactlyElementsOf(DNS_NAMES);
    assertThat(Duration.between(clock.instant(), serving.getNotAfter().toInstant()))
        .isEqualTo(WebhookPki.SERVING_VALIDITY);
    serving.verify(ca.getPublicKey());
    assertThat(rotation.servedCertificate()).isEqualTo(serving);
    String caBundle = base64(data.get("ca.crt"));
    assertThat(webhooks())
        .hasSize(2)
        .allMatch(w -> caBundle.equals(w.getClientConfig().getCaBundle()));
    assertThat(writesSinceLastCall())
        .containsExactly(
            "POST /api/v1/namespaces/enclave-system/secrets",
            "PUT /apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations/enclave");
  }

  @Test
  void whenNothingIsDue_thenAPassAndASecondReplicaWriteNothing_andServeTheSameCertificate()
      throws Exception {
    WebhookCertificateRotation first = replica();
    writesSinceLastCall();

    assertThat(first.rotate()).isTrue();
    WebhookCertificateRotation second = replica();
    assertThat(second.rotate()).isTrue();

    assertThat(writesSinceLastCall()).isEmpty();
    assertThat(second.servedCertificate()).isEqualTo(first.servedCertificate());
  }

  @Test
  void whenTheClockPassesTheRenewalPoint_thenTheSameCaIssuesANewServingPair_andTheServerPresentsIt()
      throws Exception {
    WebhookCertificateRotation rotation = replica();
    AdmissionWebhookServer webhook =
        AdmissionWebhookServer.start(
            Platform::empty, name -> Optional.empty(), config, rotation.sslContext());
    started.add(webhook);
    String caBefore = secretText().get("ca.crt");
    X509Certificate before = presented(webhook.port(), caBefore);
    writesSinceLastCall();

    clock.advance(Duration.ofDays(59));
    assertThat(rotation.rotate()).isTrue();
    assertThat(writesSinceLastCall()).as("two thirds of 90 days are not over").isEmpty();
    clock.advance(Duration.ofDays(2));
    assertThat(rotation.rotate()).isTrue();

    X509Certificate renewed = Pem.readCertificate(secretText().get("tls.crt"));
    assertThat(renewed).isNotEqualTo(before);
    assertThat(secretText().get("ca.crt")).isEqualTo(caBefore);
    renewed.verify(Pem.readCertificate(caBefore).getPublicKey());
    assertThat(renewed.getNotBefore().toInstant()).isBefore(clock.instant());
    assertThat(writesSinceLastCall()).containsExactly("PUT " + SECRET_PATH);
    assertThat(presented(webhook.port(), caBefore)).isEqualTo(renewed);
  }

  @Test
  void whenAnotherReplicaCreatedTheSecretBetweenReadAndCreate_thenBothServeTheOneThatWon()
      throws Exception {
    WebhookCertificateRotation winner = replica();
    server
        .expect()
        .get()
        .withPath(SECRET_PATH)
        .andReturn(404, new StatusBuilder().withCode(404).withReason("NotFound").build())
        .once();
    writesSinceLastCall();

    WebhookCertificateRotation loser = replica();

    assertThat(writesSinceLastCall())
        .as("its create lost (409), its re-read found the winner's Secret, caBundle already right")
        .containsExactly("POST /api/v1/namespaces/enclave-system/secrets");
    assertThat(client.secrets().inNamespace(NAMESPACE).list().getItems()).hasSize(1);
    assertThat(loser.servedCertificate()).isEqualTo(winner.servedCertificate());
    assertThat(loser.servedCertificate())
        .isEqualTo(Pem.readCertificate(secretText().get("tls.crt")));
  }

  @Test
  void whenARenewalWriteConflicts_thenTheSecretIsReadAgainAndRenewedOnce() throws Exception {
    WebhookCertificateRotation rotation = replica();
    X509Certificate before = rotation.servedCertificate();
    server
        .expect()
        .put()
        .withPath(SECRET_PATH)
        .andReturn(409, new StatusBuilder().withCode(409).withReason("Conflict").build())
        .once();
    writesSinceLastCall();
    clock.advance(Duration.ofDays(61));

    assertThat(rotation.rotate()).isTrue();

    assertThat(writesSinceLastCall()).containsExactly("PUT " + SECRET_PATH, "PUT " + SECRET_PATH);
    X509Certificate stored = Pem.readCertificate(secretText().get("tls.crt"));
    assertThat(stored).isNotEqualTo(before);
    assertThat(rotation.servedCertificate()).isEqualTo(stored);
  }

  @Test
  void whenTheCaNearsItsEnd_thenANewCaSignsANewServingCertificate_andTheOldCaStaysTrusted()
      throws Exception {
    WebhookCertificateRotation rotation = replica();
    X509Certificate oldCa = Pem.readCertificate(secretText().get("ca.crt"));
    clock.advance(Duration.ofDays(365 * 7));

    assertThat(rotation.rotate()).isTrue();

    List<X509Certificate> trusted = Pem.readCertificates(secretText().get("ca.crt"));
    assertThat(trusted).hasSize(2).element(1).isEqualTo(oldCa);
    assertThat(trusted.get(0)).isNotEqualTo(oldCa);
    rotation.servedCertificate().verify(trusted.get(0).getPublicKey());
    String caBundle = base64(secretText().get("ca.crt"));
    assertThat(webhooks()).allMatch(w -> caBundle.equals(w.getClientConfig().getCaBundle()));

    clock.advance(Duration.ofDays(365 * 3 + 10));
    assertThat(rotation.rotate()).isTrue();
    assertThat(Pem.readCertificates(secretText().get("ca.crt")))
        .as("the replaced CA expired, so it is no longer trusted")
        .containsExactly(trusted.get(0));
  }

  @Test
  void whenTheSecretHoldsSomethingElse_thenTheOperatorWritesItsOwnPkiIntoIt() throws Exception {
    client
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName(SECRET)
                .withNamespace(NAMESPACE)
                .endMetadata()
                .withType("kubernetes.io/tls")
                .withData(Map.of("tls.crt", base64("left by cert-manager")))
                .build())
        .create();

    WebhookCertificateRotation rotation = replica();

    assertThat(secretText()).containsOnlyKeys("tls.crt", "tls.key", "ca.crt", "ca.key");
    assertThat(rotation.servedCertificate())
        .isEqualTo(Pem.readCertificate(secretText().get("tls.crt")));
  }

  @Test
  void noPrivateKeyReachesTheLog() throws Exception {
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    PrintStream stderr = System.err;
    System.setErr(new PrintStream(new TeeOutputStream(stderr, log), true));
    try {
      WebhookCertificateRotation rotation = replica();
      clock.advance(Duration.ofDays(61));
      rotation.rotate();
      clock.advance(Duration.ofDays(365 * 7));
      rotation.rotate();
      client.secrets().inNamespace(NAMESPACE).withName(SECRET).edit(s -> garbled(s));
      rotation.rotate();
    } finally {
      System.setErr(stderr);
    }
    String text = log.toString(StandardCharsets.UTF_8);
    assertThat(text)
        .contains("created Secret enclave-system/enclave-webhook-tls")
        .contains("renewed Secret")
        .contains("does not hold the webhook's CA and serving pair")
        .doesNotContain("PRIVATE KEY")
        .doesNotContain(secretText().get("tls.key").lines().skip(1).findFirst().orElseThrow());
  }

  private WebhookCertificateRotation replica() {
    WebhookCertificateRotation rotation =
        WebhookCertificateRotation.firstPass(client, config, clock, new SecureRandom(), false);
    started.add(rotation);
    return rotation;
  }

  private static Secret garbled(Secret secret) {
    Map<String, String> data = new HashMap<>(secret.getData());
    data.put(
        PkiSecret.TLS_KEY, base64("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----"));
    secret.setData(data);
    return secret;
  }

  /**
   * The certificate the webhook presents in a TLS handshake, checked to be signed by {@code caPem};
   * not checked against the wall clock, since the test clock runs ahead of it.
   */
  private static X509Certificate presented(int port, String caPem) throws Exception {
    PublicKey caKey = Pem.readCertificate(caPem).getPublicKey();
    X509Certificate[] shown = new X509Certificate[1];
    X509TrustManager signedByCa =
        new X509TrustManager() {
          @Override
          public void checkServerTrusted(X509Certificate[] chain, String authType)
              throws CertificateException {
            try {
              chain[0].verify(caKey);
            } catch (GeneralSecurityException e) {
              throw new CertificateException("not signed by the webhook CA", e);
            }
            shown[0] = chain[0];
          }

          @Override
          public void checkClientTrusted(X509Certificate[] chain, String authType) {
            throw new UnsupportedOperationException();
          }

          @Override
          public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
          }
        };
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, new TrustManager[] {signedByCa}, null);
    try (SSLSocket socket =
        (SSLSocket) context.getSocketFactory().createSocket("localhost", port)) {
      socket.startHandshake();
    }
    return shown[0];
  }

  private Secret secret() {
    return client.secrets().inNamespace(NAMESPACE).withName(SECRET).get();
  }

  private Map<String, String> secretText() {
    return PkiSecret.decode(secret().getData());
  }

  private List<ValidatingWebhook> webhooks() {
    return client
        .admissionRegistration()
        .v1()
        .validatingWebhookConfigurations()
        .withName("enclave")
        .get()
        .getWebhooks();
  }

  /** Write requests (POST, PUT, PATCH, DELETE) received since the last call. */
  private List<String> writesSinceLastCall() throws InterruptedException {
    List<String> writes = new ArrayList<>();
    RecordedRequest request;
    while ((request = server.takeRequest(10, TimeUnit.MILLISECONDS)) != null) {
      if (!"GET".equals(request.getMethod())) {
        writes.add(request.getMethod() + " " + request.getPath());
      }
    }
    return writes;
  }

  private static List<String> dnsNames(X509Certificate certificate) throws Exception {
    return certificate.getSubjectAlternativeNames().stream()
        .map(name -> (String) name.get(1))
        .toList();
  }

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  private static ValidatingWebhookConfiguration webhookConfiguration() {
    return new ValidatingWebhookConfigurationBuilder()
        .withNewMetadata()
        .withName("enclave")
        .endMetadata()
        .addNewWebhook()
        .withName("objects.enclave.dev")
        .withNewClientConfig()
        .withNewService()
        .withName("enclave-webhook")
        .withNamespace(NAMESPACE)
        .withPath(AdmissionWebhookServer.ENCLAVE_PATH)
        .endService()
        .endClientConfig()
        .withAdmissionReviewVersions("v1")
        .withSideEffects("None")
        .endWebhook()
        .addNewWebhook()
        .withName("pods.enclave.dev")
        .withNewClientConfig()
        .withNewService()
        .withName("enclave-webhook")
        .withNamespace(NAMESPACE)
        .withPath(AdmissionWebhookServer.PODS_PATH)
        .endService()
        .endClientConfig()
        .withAdmissionReviewVersions("v1")
        .withSideEffects("None")
        .endWebhook()
        .build();
  }
}
