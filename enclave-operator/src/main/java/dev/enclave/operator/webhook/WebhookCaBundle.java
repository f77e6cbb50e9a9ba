package dev.enclave.operator.webhook;

import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.WebhookClientConfig;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the webhook's CA bundle into {@code clientConfig.caBundle} of every webhook of one
 * ValidatingWebhookConfiguration, and only when one of them differs: at steady state a read and no
 * write. The write is a PUT of what was read, so its resourceVersion turns a concurrent change (a
 * {@code helm upgrade}, the other replica) into a 409, after which it reads and compares again.
 */
final class WebhookCaBundle {
  /** What {@link #ensure} found. */
  enum Outcome {
    UNCHANGED,
    WRITTEN,
    /** The configuration does not exist (yet): nothing to write into. */
    MISSING
  }

  private static final Logger LOG = LoggerFactory.getLogger(WebhookCaBundle.class);
  private static final int ATTEMPTS = 5;

  private final KubernetesClient client;
  private final String name;

  WebhookCaBundle(KubernetesClient client, String name) {
    this.client = client;
    this.name = name;
  }

  Outcome ensure(String caBundlePem) {
    String wanted =
        Base64.getEncoder().encodeToString(caBundlePem.getBytes(StandardCharsets.US_ASCII));
    for (int attempt = 1; ; attempt++) {
      ValidatingWebhookConfiguration actual =
          client
              .admissionRegistration()
              .v1()
              .validatingWebhookConfigurations()
              .withName(name)
              .get();
      if (actual == null) {
        return Outcome.MISSING;
      }
      List<ValidatingWebhook> stale =
          actual.getWebhooks() == null
              ? List.of()
              : actual.getWebhooks().stream().filter(w -> !wanted.equals(caBundle(w))).toList();
      if (stale.isEmpty()) {
        return Outcome.UNCHANGED;
      }
      stale.forEach(webhook -> clientConfig(webhook).setCaBundle(wanted));
      try {
        client.resource(actual).update();
        LOG.info(
            "wrote the webhook CA into caBundle of ValidatingWebhookConfiguration {}: {}",
            name,
            stale.stream().map(ValidatingWebhook::getName).toList());
        return Outcome.WRITTEN;
      } catch (KubernetesClientException e) {
        if (e.getCode() != HttpURLConnection.HTTP_CONFLICT || attempt == ATTEMPTS) {
          throw e;
        }
        LOG.info("ValidatingWebhookConfiguration {} changed meanwhile (409): reading again", name);
      }
    }
  }

  private static String caBundle(ValidatingWebhook webhook) {
    return webhook.getClientConfig() == null ? null : webhook.getClientConfig().getCaBundle();
  }

  private static WebhookClientConfig clientConfig(ValidatingWebhook webhook) {
    if (webhook.getClientConfig() == null) {
      webhook.setClientConfig(new WebhookClientConfig());
    }
    return webhook.getClientConfig();
  }
}
