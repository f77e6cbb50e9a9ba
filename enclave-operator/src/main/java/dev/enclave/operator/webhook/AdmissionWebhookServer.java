package dev.enclave.operator.webhook;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import dev.enclave.core.compliance.ComplianceRules;
import dev.enclave.operator.OperatorConfig;
import dev.enclave.operator.PlatformSource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * The validating admission webhook over HTTPS (TLS 1.2 and 1.3 only): {@value #ENCLAVE_PATH} for
 * Enclave's own objects and {@value #PODS_PATH} for pods in tenant host namespaces.
 *
 * <p>Every request reads the platform with list calls through the given {@link PlatformSource};
 * pass an informer-backed source to avoid that cost on busy clusters.
 */
public final class AdmissionWebhookServer implements AutoCloseable {
  public static final String ENCLAVE_PATH = "/validate-enclave";
  public static final String PODS_PATH = "/validate-pods";

  private static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");
  private static final int THREADS = 4;
  private static final AtomicInteger THREAD_NUMBER = new AtomicInteger();

  private final HttpsServer server;
  private final ExecutorService executor;

  private AdmissionWebhookServer(HttpsServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /** Starts on {@code config.webhookPort()}, reading namespaces through the client. */
  public static AdmissionWebhookServer start(
      PlatformSource platforms, KubernetesClient client, OperatorConfig config, SSLContext tls) {
    return start(platforms, NamespaceLookup.of(client), config, tls);
  }

  /** Starts with the platform's compliance rules, those of {@code enclavectl check}. */
  public static AdmissionWebhookServer start(
      PlatformSource platforms, NamespaceLookup namespaces, OperatorConfig config, SSLContext tls) {
    return start(platforms, namespaces, config, tls, ComplianceRules::evaluate);
  }

  /** Starts with the given rules; port 0 in the config picks a free port. */
  public static AdmissionWebhookServer start(
      PlatformSource platforms,
      NamespaceLookup namespaces,
      OperatorConfig config,
      SSLContext tls,
      ComplianceCheck rules) {
    AdmissionCodec codec = new AdmissionCodec();
    ExecutorService executor =
        Executors.newFixedThreadPool(THREADS, AdmissionWebhookServer::thread);
    try {
      HttpsServer server = HttpsServer.create(new InetSocketAddress(config.bindAddress(), config.webhookPort()), 64);
      server.setHttpsConfigurator(new ModernTls(tls));
      server.createContext(
          ENCLAVE_PATH,
          new AdmissionHandler(
              ENCLAVE_PATH, new EnclaveObjectValidator(platforms, config, rules, codec), codec));
      server.createContext(
          PODS_PATH,
          new AdmissionHandler(PODS_PATH, new PodValidator(namespaces, platforms, codec), codec));
      server.setExecutor(executor);
      server.start();
      return new AdmissionWebhookServer(server, executor);
    } catch (IOException e) {
      executor.shutdownNow();
      throw new UncheckedIOException(
          "cannot listen for admission requests on port " + config.webhookPort(), e);
    }
  }

  /** The port actually bound. */
  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private static Thread thread(Runnable task) {
    Thread thread = new Thread(task, "admission-webhook-" + THREAD_NUMBER.incrementAndGet());
    thread.setDaemon(true);
    return thread;
  }

  /** Restricts every connection to TLS 1.2 and 1.3. */
  private static final class ModernTls extends HttpsConfigurator {
    ModernTls(SSLContext context) {
      super(context);
    }

    @Override
    public void configure(HttpsParameters params) {
      SSLParameters ssl = getSSLContext().getDefaultSSLParameters();
      ssl.setProtocols(
          Arrays.stream(ssl.getProtocols()).filter(PROTOCOLS::contains).toArray(String[]::new));
      params.setSSLParameters(ssl);
    }
  }
}
