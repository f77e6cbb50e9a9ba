package dev.enclave.operator;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Where the admission webhook's serving certificate comes from.
 *
 * @param issuer {@link Issuer#ENCLAVE}: the operator issues and renews it itself; {@link
 *     Issuer#CERT_MANAGER}: cert-manager writes it, mounted at {@code tlsDirectory}
 * @param secretName the Secret, in the operator's namespace, holding the webhook's CA and serving
 *     pair (enclave)
 * @param webhookConfiguration the ValidatingWebhookConfiguration whose {@code caBundle} the
 *     operator writes (enclave)
 * @param serviceName the webhook's Service: the certificate is for {@code
 *     <service>.<namespace>.svc} and {@code <service>.<namespace>.svc.cluster.local} (enclave)
 * @param tlsDirectory where {@code tls.crt} and {@code tls.key} are mounted (cert-manager); null
 *     otherwise
 * @param urlHost the host of ENCLAVE_WEBHOOK_URL when the API server reaches the webhook by URL
 *     rather than through the Service (an operator outside the cluster); the certificate names it
 *     too. Null otherwise
 */
public record WebhookCertificateConfig(
    Issuer issuer,
    String secretName,
    String webhookConfiguration,
    String serviceName,
    Path tlsDirectory,
    String urlHost) {

  public WebhookCertificateConfig(
      Issuer issuer,
      String secretName,
      String webhookConfiguration,
      String serviceName,
      Path tlsDirectory) {
    this(issuer, secretName, webhookConfiguration, serviceName, tlsDirectory, null);
  }

  /** Who issues the webhook's serving certificate, as ENCLAVE_WEBHOOK_CERT_MANAGER names it. */
  public enum Issuer {
    ENCLAVE("enclave"),
    CERT_MANAGER("cert-manager");

    private final String value;

    Issuer(String value) {
      this.value = value;
    }

    public String value() {
      return value;
    }
  }

  public WebhookCertificateConfig {
    if (issuer == Issuer.CERT_MANAGER && tlsDirectory == null) {
      throw new IllegalArgumentException(
          "ENCLAVE_WEBHOOK_CERT_MANAGER=cert-manager needs ENCLAVE_WEBHOOK_TLS_DIR, the directory"
              + " where cert-manager's Secret (tls.crt, tls.key) is mounted");
    }
  }

  /** The operator issues the certificate: Secret enclave-webhook-tls, configuration enclave. */
  public static WebhookCertificateConfig defaults() {
    return new WebhookCertificateConfig(
        Issuer.ENCLAVE, "enclave-webhook-tls", "enclave", "enclave-webhook", null);
  }

  /**
   * Reads ENCLAVE_WEBHOOK_CERT_MANAGER ({@code enclave}, the default, or {@code cert-manager}),
   * ENCLAVE_WEBHOOK_SECRET, ENCLAVE_WEBHOOK_CONFIGURATION, ENCLAVE_WEBHOOK_SERVICE and
   * ENCLAVE_WEBHOOK_TLS_DIR. Without ENCLAVE_WEBHOOK_CERT_MANAGER, a set ENCLAVE_WEBHOOK_TLS_DIR
   * means cert-manager, as it did before the operator could issue the certificate itself.
   */
  public static WebhookCertificateConfig fromEnvironment(Map<String, String> env) {
    String tlsDir = blankToNull(env.get("ENCLAVE_WEBHOOK_TLS_DIR"));
    String named = blankToNull(env.get("ENCLAVE_WEBHOOK_CERT_MANAGER"));
    Issuer issuer =
        named == null ? (tlsDir == null ? Issuer.ENCLAVE : Issuer.CERT_MANAGER) : issuer(named);
    if (issuer == Issuer.ENCLAVE && tlsDir != null) {
      throw new IllegalArgumentException(
          "ENCLAVE_WEBHOOK_TLS_DIR is only read with ENCLAVE_WEBHOOK_CERT_MANAGER=cert-manager;"
              + " with enclave the operator keeps the certificate in the Secret"
              + " ENCLAVE_WEBHOOK_SECRET and serves it from memory");
    }
    WebhookCertificateConfig defaults = defaults();
    return new WebhookCertificateConfig(
        issuer,
        env.getOrDefault("ENCLAVE_WEBHOOK_SECRET", defaults.secretName()),
        env.getOrDefault("ENCLAVE_WEBHOOK_CONFIGURATION", defaults.webhookConfiguration()),
        env.getOrDefault("ENCLAVE_WEBHOOK_SERVICE", defaults.serviceName()),
        tlsDir == null ? null : Path.of(tlsDir),
        urlHost(blankToNull(env.get("ENCLAVE_WEBHOOK_URL"))));
  }

  private static String urlHost(String url) {
    if (url == null) {
      return null;
    }
    java.net.URI uri;
    try {
      uri = java.net.URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("ENCLAVE_WEBHOOK_URL: not a URL: \"" + url + "\"");
    }
    if (!"https".equals(uri.getScheme()) || uri.getHost() == null) {
      throw new IllegalArgumentException(
          "ENCLAVE_WEBHOOK_URL: expected https://HOST[:PORT], found \"" + url + "\"");
    }
    return uri.getHost();
  }

  /**
   * The names the serving certificate is for: the Service's in-cluster DNS names, and the host of
   * ENCLAVE_WEBHOOK_URL (a DNS name or an IP address) when set.
   */
  public List<String> dnsNames(String namespace) {
    String service = serviceName + "." + namespace + ".svc";
    return urlHost == null
        ? List.of(service, service + ".cluster.local")
        : List.of(service, service + ".cluster.local", urlHost);
  }

  private static Issuer issuer(String value) {
    return Arrays.stream(Issuer.values())
        .filter(i -> i.value().equals(value.trim()))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "ENCLAVE_WEBHOOK_CERT_MANAGER: expected one of "
                        + Arrays.stream(Issuer.values())
                            .map(Issuer::value)
                            .collect(Collectors.joining(", "))
                        + ", found \""
                        + value
                        + "\""));
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }
}
