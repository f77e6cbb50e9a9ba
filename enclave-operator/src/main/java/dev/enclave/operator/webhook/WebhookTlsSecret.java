package dev.enclave.operator.webhook;

import dev.enclave.api.v1alpha1.EnclaveApi;
import dev.enclave.core.pki.PkiSecret;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the webhook's PKI Secret in the operator's namespace: created when absent, rewritten when
 * {@link WebhookPki#renewal} says so or when it cannot be read, left alone otherwise (a read, no
 * write). Every replica runs this, so every write is safe to repeat: a create that loses the race
 * (409) reads and uses the Secret that won; an update carries the resourceVersion it read and, on
 * 409, starts over from a fresh read.
 */
final class WebhookTlsSecret {
  static final String COMPONENT = "webhook-tls";
  private static final Logger LOG = LoggerFactory.getLogger(WebhookTlsSecret.class);
  private static final int ATTEMPTS = 5;

  private final KubernetesClient client;
  private final String namespace;
  private final String name;
  private final List<String> dnsNames;
  private final Clock clock;
  private final SecureRandom random;

  WebhookTlsSecret(
      KubernetesClient client,
      String namespace,
      String name,
      List<String> dnsNames,
      Clock clock,
      SecureRandom random) {
    this.client = client;
    this.namespace = namespace;
    this.name = name;
    this.dnsNames = List.copyOf(dnsNames);
    this.clock = clock;
    this.random = random;
  }

  /** The PKI the Secret holds once this returns, written first if it was absent or due. */
  WebhookPki ensure() {
    for (int attempt = 1; ; attempt++) {
      try {
        return ensureOnce();
      } catch (KubernetesClientException e) {
        if (e.getCode() != HttpURLConnection.HTTP_CONFLICT || attempt == ATTEMPTS) {
          throw e;
        }
        LOG.info("Secret {}/{} changed meanwhile (409): reading it again", namespace, name);
      }
    }
  }

  private WebhookPki ensureOnce() {
    Secret actual = client.secrets().inNamespace(namespace).withName(name).get();
    if (actual == null) {
      return create(WebhookPki.issue(dnsNames, clock, random));
    }
    Optional<WebhookPki> current = read(actual);
    Optional<WebhookPki> renewed =
        current.isPresent()
            ? current.get().renewal(dnsNames, clock, random)
            : Optional.of(WebhookPki.issue(dnsNames, clock, random));
    if (renewed.isEmpty()) {
      return current.get();
    }
    update(actual, renewed.get());
    LOG.info(
        "renewed Secret {}/{}: {} ({})",
        namespace,
        name,
        renewed.get(),
        current.isEmpty()
            ? "unreadable before"
            : current.get().ca().certificate().equals(renewed.get().ca().certificate())
                ? "same CA"
                : "new CA, the old one still trusted");
    return renewed.get();
  }

  /** A 409 propagates: {@link #ensure} then reads the Secret the other replica created. */
  private WebhookPki create(WebhookPki pki) {
    Secret secret =
        new SecretBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace(namespace)
            .withLabels(labels(Map.of()))
            .endMetadata()
            .withType(PkiSecret.TYPE_TLS)
            .withData(encoded(pki.secretData()))
            .build();
    client.resource(secret).create();
    LOG.info("created Secret {}/{}: {}", namespace, name, pki);
    return pki;
  }

  /** A PUT of what was read with new data: the resourceVersion makes a concurrent change a 409. */
  private void update(Secret actual, WebhookPki pki) {
    Secret secret =
        new SecretBuilder(actual)
            .editMetadata()
            .withLabels(labels(actual.getMetadata().getLabels()))
            .endMetadata()
            .withData(encoded(pki.secretData()))
            .withStringData(null)
            .build();
    client.resource(secret).update();
  }

  private Optional<WebhookPki> read(Secret secret) {
    try {
      return Optional.of(WebhookPki.fromSecretData(decoded(secret)));
    } catch (IllegalArgumentException e) {
      LOG.warn(
          "Secret {}/{} does not hold the webhook's CA and serving pair ({}): issuing them anew",
          namespace,
          name,
          e.getMessage());
      return Optional.empty();
    }
  }

  private static Map<String, String> labels(Map<String, String> present) {
    Map<String, String> labels = new TreeMap<>(present == null ? Map.of() : present);
    labels.put(EnclaveApi.MANAGED_BY_LABEL, EnclaveApi.MANAGED_BY);
    labels.put("app.kubernetes.io/name", "enclave-operator");
    labels.put("app.kubernetes.io/component", COMPONENT);
    return labels;
  }

  private static Map<String, String> encoded(Map<String, String> text) {
    Map<String, String> data = new LinkedHashMap<>();
    text.forEach(
        (key, value) ->
            data.put(
                key, Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8))));
    return data;
  }

  private static Map<String, String> decoded(Secret secret) {
    return secret.getData() == null ? Map.of() : PkiSecret.decode(secret.getData());
  }
}
