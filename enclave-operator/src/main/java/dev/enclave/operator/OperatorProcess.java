package dev.enclave.operator;

import dev.enclave.operator.tenant.KubeconfigTenantApiClients;
import dev.enclave.operator.tenant.TenantApiClients;
import dev.enclave.operator.webhook.AdmissionWebhookServer;
import dev.enclave.operator.webhook.ServingTls;
import dev.enclave.operator.webhook.WebhookCertificateRotation;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import javax.net.ssl.SSLContext;

/**
 * Everything one operator replica runs, as the container runs it: the webhook's serving
 * certificate (issued and renewed by the operator, or cert-manager's files), the admission
 * webhook, and the controllers. {@link EnclaveOperator#main} starts it with in-cluster
 * credentials; the integration tests start it with the chart's ServiceAccount token.
 */
public final class OperatorProcess implements AutoCloseable {
  private final WebhookCertificateRotation rotation;
  private final AdmissionWebhookServer webhook;
  private final EnclaveOperator operator;

  private OperatorProcess(
      WebhookCertificateRotation rotation, AdmissionWebhookServer webhook, EnclaveOperator operator) {
    this.rotation = rotation;
    this.webhook = webhook;
    this.operator = operator;
  }

  /**
   * Starts certificate rotation (enclave mode), the webhook and the controllers on {@code client}.
   * Throws {@link IllegalStateException} when the webhook's Secret can be neither read nor written.
   */
  public static OperatorProcess start(
      KubernetesClient client, OperatorConfig config, Clock clock, TenantApiClients tenantApis) {
    WebhookCertificateConfig certificates = config.webhookCertificates();
    WebhookCertificateRotation rotation =
        certificates.issuer() == WebhookCertificateConfig.Issuer.ENCLAVE
            ? WebhookCertificateRotation.start(client, config, clock)
            : null;
    AdmissionWebhookServer webhook = null;
    try {
      SSLContext serving =
          rotation != null
              ? rotation.sslContext()
              : ServingTls.fromDirectory(certificates.tlsDirectory());
      webhook =
          AdmissionWebhookServer.start(new ClientPlatformSource(client), client, config, serving);
      return new OperatorProcess(
          rotation, webhook, EnclaveOperator.start(client, config, clock, tenantApis));
    } catch (RuntimeException e) {
      if (webhook != null) {
        webhook.close();
      }
      if (rotation != null) {
        rotation.close();
      }
      throw e;
    }
  }

  /** As above, reaching tenant API servers through the kubeconfigs the operator issued. */
  public static OperatorProcess start(KubernetesClient client, OperatorConfig config, Clock clock) {
    return start(client, config, clock, new KubeconfigTenantApiClients());
  }

  public EnclaveOperator operator() {
    return operator;
  }

  public AdmissionWebhookServer webhook() {
    return webhook;
  }

  @Override
  public void close() {
    webhook.close();
    if (rotation != null) {
      rotation.close();
    }
    operator.close();
  }
}
