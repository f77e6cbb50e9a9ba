package dev.enclave.operator.webhook;

import dev.enclave.operator.OperatorConfig;
import dev.enclave.operator.WebhookCertificateConfig;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The webhook's serving certificate, issued and renewed by the operator itself
 * (ENCLAVE_WEBHOOK_CERT_MANAGER=enclave), as Gatekeeper's cert-controller and Kyverno keep theirs.
 * At start, before the webhook serves, and then every {@link #PERIOD} on every replica, one pass
 * ensures the Secret ({@link WebhookTlsSecret}), serves its pair from memory ({@link
 * RenewableServingTls}) and writes its CA into the webhooks' caBundle ({@link WebhookCaBundle}). A
 * pass that failed or found no webhook configuration is retried sooner: after 10 s, doubling up to
 * the period.
 */
public final class WebhookCertificateRotation implements AutoCloseable {
  public static final Duration PERIOD = Duration.ofHours(1);
  static final Duration FIRST_RETRY = Duration.ofSeconds(10);
  private static final Logger LOG = LoggerFactory.getLogger(WebhookCertificateRotation.class);

  private final WebhookTlsSecret secret;
  private final WebhookCaBundle caBundle;
  private final RenewableServingTls serving;
  private final String configurationName;
  private final ScheduledExecutorService scheduler =
      Executors.newSingleThreadScheduledExecutor(WebhookCertificateRotation::thread);
  private Duration retry = FIRST_RETRY;

  private WebhookCertificateRotation(
      WebhookTlsSecret secret,
      WebhookCaBundle caBundle,
      RenewableServingTls serving,
      String configurationName) {
    this.secret = secret;
    this.caBundle = caBundle;
    this.serving = serving;
    this.configurationName = configurationName;
  }

  /**
   * Runs the first pass, then schedules the next ones. Throws {@link IllegalStateException}, with
   * a message fit for the log, when the Secret can be neither read nor written: nothing to serve.
   */
  public static WebhookCertificateRotation start(
      KubernetesClient client, OperatorConfig config, Clock clock) {
    return firstPass(client, config, clock, new SecureRandom(), true);
  }

  /**
   * The first pass without scheduling the next ones (tests call {@link #rotate()}); {@code
   * scheduled} also schedules them.
   */
  static WebhookCertificateRotation firstPass(
      KubernetesClient client,
      OperatorConfig config,
      Clock clock,
      SecureRandom random,
      boolean scheduled) {
    WebhookCertificateConfig certificates = config.webhookCertificates();
    String namespace = config.operatorNamespace();
    WebhookTlsSecret secret =
        new WebhookTlsSecret(
            client,
            namespace,
            certificates.secretName(),
            certificates.dnsNames(namespace),
            clock,
            random);
    WebhookPki pki;
    try {
      pki = secret.ensure();
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "cannot read or write the webhook's Secret "
              + namespace
              + "/"
              + certificates.secretName()
              + ": "
              + Failures.describe(e));
    }
    WebhookCertificateRotation rotation =
        new WebhookCertificateRotation(
            secret,
            new WebhookCaBundle(client, certificates.webhookConfiguration()),
            RenewableServingTls.serving(pki.serving()),
            certificates.webhookConfiguration());
    LOG.info("serving the webhook certificate {}", pki.serving());
    boolean complete = rotation.writeCaBundle(pki);
    if (scheduled) {
      rotation.scheduleNext(complete);
    }
    return rotation;
  }

  /** One pass; true when Secret, served pair and caBundle all are as they should be. */
  boolean rotate() {
    WebhookPki pki = secret.ensure();
    if (serving.serve(pki.serving())) {
      LOG.info("serving the renewed webhook certificate {}", pki.serving());
    }
    return writeCaBundle(pki);
  }

  /** The webhook server's TLS context: always the pair of the last pass. */
  public SSLContext sslContext() {
    return serving.context();
  }

  X509Certificate servedCertificate() {
    return serving.certificate();
  }

  private boolean writeCaBundle(WebhookPki pki) {
    try {
      if (caBundle.ensure(pki.caBundlePem()) == WebhookCaBundle.Outcome.MISSING) {
        LOG.warn(
            "ValidatingWebhookConfiguration {} not found: the API server cannot trust the webhook"
                + " until it exists and carries the CA; trying again",
            configurationName);
        return false;
      }
      return true;
    } catch (RuntimeException e) {
      LOG.warn(
          "cannot write caBundle of ValidatingWebhookConfiguration {}: {}",
          configurationName,
          Failures.describe(e));
      return false;
    }
  }

  private void runScheduled() {
    boolean complete;
    try {
      complete = rotate();
    } catch (RuntimeException e) {
      LOG.warn("webhook certificate check failed: {}", Failures.describe(e));
      complete = false;
    }
    scheduleNext(complete);
  }

  private void scheduleNext(boolean complete) {
    Duration next = complete ? PERIOD : retry;
    retry = complete ? FIRST_RETRY : min(retry.multipliedBy(2), PERIOD);
    try {
      scheduler.schedule(this::runScheduled, next.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // closed meanwhile: nothing more to schedule
    }
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
  }

  private static Thread thread(Runnable task) {
    Thread thread = new Thread(task, "webhook-certificate-rotation");
    thread.setDaemon(true);
    return thread;
  }
}
