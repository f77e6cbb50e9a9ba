package dev.enclave.operator.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.enclave.core.model.Platform;
import dev.enclave.operator.OperatorConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The serving certificate is read from the files cert-manager mounts. */
class WebhookServingTlsTest {

  @Test
  void whenCertManagerMountedTheCertificate_thenTheWebhookServesIt(@TempDir Path dir)
      throws Exception {
    WebhookTls tls = new WebhookTls();
    tls.writeTo(dir);
    SSLContext serving = ServingTls.fromDirectory(dir);
    OperatorConfig config =
        new OperatorConfig(
            Set.of("eu"), "enclave-system", 0, 0, 0, Duration.ofMinutes(10), false, "test");

    try (AdmissionWebhookServer server =
        AdmissionWebhookServer.start(Platform::empty, name -> Optional.empty(), config, serving)) {
      var response =
          new WebhookHttps(tls.client(), server.port())
              .post(AdmissionWebhookServer.PODS_PATH, "{}");

      assertThat(response.statusCode()).isEqualTo(400);
    }
  }

  @Test
  void whenTheKeyIsMissing_thenTheErrorNamesTheFile(@TempDir Path dir) {
    assertThatThrownBy(() -> ServingTls.fromDirectory(dir))
        .hasMessageContaining("tls.crt")
        .hasMessageContaining("serving certificate");
  }
}
