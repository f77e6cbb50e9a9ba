package dev.enclave.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.enclave.operator.WebhookCertificateConfig.Issuer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** ENCLAVE_WEBHOOK_*: the operator issues the webhook certificate unless told cert-manager does. */
class WebhookCertificateConfigTest {

  @Test
  void byDefaultTheOperatorIssuesTheCertificateIntoTheChartsSecret() {
    OperatorConfig config = OperatorConfig.fromEnvironment(Map.of("ENCLAVE_JURISDICTIONS", "eu"));

    assertThat(config.webhookCertificates()).isEqualTo(WebhookCertificateConfig.defaults());
    assertThat(config.webhookCertificates().issuer()).isEqualTo(Issuer.ENCLAVE);
    assertThat(config.webhookCertificates().secretName()).isEqualTo("enclave-webhook-tls");
    assertThat(config.webhookCertificates().webhookConfiguration()).isEqualTo("enclave");
    assertThat(config.webhookCertificates().dnsNames("enclave-system"))
        .containsExactly(
            "enclave-webhook.enclave-system.svc",
            "enclave-webhook.enclave-system.svc.cluster.local");
  }

  @Test
  void everyNameCanBeChosen() {
    WebhookCertificateConfig certificates =
        WebhookCertificateConfig.fromEnvironment(
            Map.of(
                "ENCLAVE_WEBHOOK_CERT_MANAGER", "enclave",
                "ENCLAVE_WEBHOOK_SECRET", "tls",
                "ENCLAVE_WEBHOOK_CONFIGURATION", "enclave-dev",
                "ENCLAVE_WEBHOOK_SERVICE", "hook"));

    assertThat(certificates)
        .isEqualTo(
            new WebhookCertificateConfig(Issuer.ENCLAVE, "tls", "enclave-dev", "hook", null));
    assertThat(certificates.dnsNames("ops"))
        .containsExactly("hook.ops.svc", "hook.ops.svc.cluster.local");
  }

  @Test
  void certManagerReadsTheMountedDirectory_asATlsDirAloneDidBefore() {
    Map<String, String> explicit =
        Map.of("ENCLAVE_WEBHOOK_CERT_MANAGER", "cert-manager", "ENCLAVE_WEBHOOK_TLS_DIR", "/tls");
    Map<String, String> earlierManifests = Map.of("ENCLAVE_WEBHOOK_TLS_DIR", "/tls");

    for (Map<String, String> env : List.of(explicit, earlierManifests)) {
      WebhookCertificateConfig certificates = WebhookCertificateConfig.fromEnvironment(env);
      assertThat(certificates.issuer()).isEqualTo(Issuer.CERT_MANAGER);
      assertThat(certificates.tlsDirectory()).isEqualTo(Path.of("/tls"));
    }
  }

  @Test
  void contradictionsAndUnknownValuesAreRefusedWithWhatIsAllowed() {
    assertThatThrownBy(
            () ->
                WebhookCertificateConfig.fromEnvironment(
                    Map.of("ENCLAVE_WEBHOOK_CERT_MANAGER", "vault")))
        .hasMessage(
            "ENCLAVE_WEBHOOK_CERT_MANAGER: expected one of enclave, cert-manager, found \"vault\"");
    assertThatThrownBy(
            () ->
                WebhookCertificateConfig.fromEnvironment(
                    Map.of("ENCLAVE_WEBHOOK_CERT_MANAGER", "cert-manager")))
        .hasMessageContaining("needs ENCLAVE_WEBHOOK_TLS_DIR");
    assertThatThrownBy(
            () ->
                WebhookCertificateConfig.fromEnvironment(
                    Map.of(
                        "ENCLAVE_WEBHOOK_CERT_MANAGER",
                        "enclave",
                        "ENCLAVE_WEBHOOK_TLS_DIR",
                        "/tls")))
        .hasMessageContaining("only read with ENCLAVE_WEBHOOK_CERT_MANAGER=cert-manager");
  }
}
