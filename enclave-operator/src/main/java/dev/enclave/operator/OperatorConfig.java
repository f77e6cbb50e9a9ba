package dev.enclave.operator;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * How one operator instance is configured: which jurisdictions its host cluster serves, where it
 * lives, the ports of its webhook, metrics and health endpoints, and where the webhook's serving
 * certificate comes from.
 *
 * <p>From the environment ({@link #fromEnvironment}): ENCLAVE_JURISDICTIONS (required),
 * ENCLAVE_NAMESPACE, ENCLAVE_WEBHOOK_PORT, ENCLAVE_METRICS_PORT, ENCLAVE_HEALTH_PORT,
 * ENCLAVE_RESYNC_SECONDS, ENCLAVE_LEADER_ELECTION, ENCLAVE_LEASE_NAME, and for the webhook's
 * certificate ({@link WebhookCertificateConfig}): ENCLAVE_WEBHOOK_CERT_MANAGER ({@code enclave},
 * the default: the operator issues a CA and serving certificate into the Secret
 * ENCLAVE_WEBHOOK_SECRET, default {@code enclave-webhook-tls}, renews them, writes the CA into the
 * caBundle of the ValidatingWebhookConfiguration ENCLAVE_WEBHOOK_CONFIGURATION, default {@code
 * enclave}, for the Service ENCLAVE_WEBHOOK_SERVICE, default {@code enclave-webhook}; or {@code
 * cert-manager}: {@code tls.crt} and {@code tls.key} read once from ENCLAVE_WEBHOOK_TLS_DIR).
 *
 * @param jurisdictions the jurisdictions this host cluster serves; tenants of any other are refused
 * @param operatorNamespace the namespace the operator runs in (exempt from its own webhook)
 * @param webhookCertificates where the webhook's serving certificate comes from
 * @param serverSideApply status is written with server-side apply (field manager: the controller's
 *     name), as JOSDK does by default; off only on fabric8's CRUD mock, which cannot apply
 *     (ENCLAVE_SERVER_SIDE_APPLY, default true)
 * @param bindAddress where the webhook, metrics and health endpoints listen: 0.0.0.0 in a pod,
 *     127.0.0.1 for an operator run as a local process (ENCLAVE_BIND_ADDRESS, default 0.0.0.0)
 */
public record OperatorConfig(
    Set<String> jurisdictions,
    String operatorNamespace,
    int webhookPort,
    int metricsPort,
    int healthPort,
    Duration resyncPeriod,
    boolean leaderElection,
    String leaseName,
    WebhookCertificateConfig webhookCertificates,
    boolean serverSideApply,
    String bindAddress) {

  /** All interfaces, as a pod listens. */
  public static final String ALL_INTERFACES = "0.0.0.0";

  /** Loopback, as a local process (playground, tests, benchmarks) listens. */
  public static final String LOOPBACK = "127.0.0.1";

  /**
   * As above without server-side apply and on loopback: a local process on the CRUD mock (unit
   * tests, benchmarks) or the playground's simulated hosts.
   */
  public OperatorConfig(
      Set<String> jurisdictions,
      String operatorNamespace,
      int webhookPort,
      int metricsPort,
      int healthPort,
      Duration resyncPeriod,
      boolean leaderElection,
      String leaseName,
      WebhookCertificateConfig webhookCertificates) {
    this(
        jurisdictions,
        operatorNamespace,
        webhookPort,
        metricsPort,
        healthPort,
        resyncPeriod,
        leaderElection,
        leaseName,
        webhookCertificates,
        false,
        LOOPBACK);
  }

  public OperatorConfig {
    jurisdictions = Set.copyOf(new TreeSet<>(jurisdictions));
  }

  /** As above, the operator issuing the webhook's certificate itself (the defaults). */
  public OperatorConfig(
      Set<String> jurisdictions,
      String operatorNamespace,
      int webhookPort,
      int metricsPort,
      int healthPort,
      Duration resyncPeriod,
      boolean leaderElection,
      String leaseName) {
    this(
        jurisdictions,
        operatorNamespace,
        webhookPort,
        metricsPort,
        healthPort,
        resyncPeriod,
        leaderElection,
        leaseName,
        WebhookCertificateConfig.defaults());
  }

  /** Defaults for one jurisdiction set; ports 0 mean "pick a free port" (tests, playground). */
  public static OperatorConfig forJurisdictions(Set<String> jurisdictions) {
    return new OperatorConfig(
        jurisdictions,
        "enclave-system",
        8443,
        8080,
        8081,
        Duration.ofMinutes(10),
        false,
        "enclave-operator");
  }

  /**
   * Reads ENCLAVE_JURISDICTIONS (comma-separated, required), ENCLAVE_NAMESPACE,
   * ENCLAVE_WEBHOOK_PORT, ENCLAVE_METRICS_PORT, ENCLAVE_HEALTH_PORT, ENCLAVE_RESYNC_SECONDS,
   * ENCLAVE_LEADER_ELECTION, ENCLAVE_LEASE_NAME, ENCLAVE_SERVER_SIDE_APPLY, ENCLAVE_BIND_ADDRESS
   * and the
   * ENCLAVE_WEBHOOK_* certificate variables
   * ({@link WebhookCertificateConfig#fromEnvironment}) from the environment.
   */
  public static OperatorConfig fromEnvironment(Map<String, String> env) {
    String served = env.getOrDefault("ENCLAVE_JURISDICTIONS", "").trim();
    if (served.isEmpty()) {
      throw new IllegalArgumentException(
          "ENCLAVE_JURISDICTIONS is required: the comma-separated jurisdictions this host serves,"
              + " e.g. eu");
    }
    Set<String> jurisdictions =
        Arrays.stream(served.split(","))
            .map(String::trim)
            .filter(s -> !s.isEmpty())
            .collect(Collectors.toCollection(TreeSet::new));
    return new OperatorConfig(
        jurisdictions,
        env.getOrDefault("ENCLAVE_NAMESPACE", "enclave-system"),
        intOf(env, "ENCLAVE_WEBHOOK_PORT", 8443),
        intOf(env, "ENCLAVE_METRICS_PORT", 8080),
        intOf(env, "ENCLAVE_HEALTH_PORT", 8081),
        Duration.ofSeconds(intOf(env, "ENCLAVE_RESYNC_SECONDS", 600)),
        Boolean.parseBoolean(env.getOrDefault("ENCLAVE_LEADER_ELECTION", "true")),
        env.getOrDefault("ENCLAVE_LEASE_NAME", "enclave-operator"),
        WebhookCertificateConfig.fromEnvironment(env),
        Boolean.parseBoolean(env.getOrDefault("ENCLAVE_SERVER_SIDE_APPLY", "true")),
        env.getOrDefault("ENCLAVE_BIND_ADDRESS", ALL_INTERFACES));
  }

  public boolean serves(String jurisdiction) {
    return jurisdictions.contains(jurisdiction);
  }

  private static int intOf(Map<String, String> env, String key, int fallback) {
    String value = env.get(key);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + ": expected a port number, found \"" + value + "\"");
    }
  }
}
