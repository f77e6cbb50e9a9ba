package dev.enclave.operator.it;

import dev.enclave.operator.OperatorConfig;
import dev.enclave.operator.OperatorProcess;
import dev.enclave.testbed.Command;
import dev.enclave.testbed.Components;
import dev.enclave.testbed.HostCluster;
import dev.enclave.testbed.Ports;
import dev.enclave.testbed.SharedStoresOnLoopback;
import dev.enclave.testbed.Testbed;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * The chart installed with {@code helm install} from this checkout into the JVM's testbed host,
 * and the operator running as a local process with the token of the chart's ServiceAccount (never
 * as admin), its webhook reached by the API server at a loopback URL. Shared by the operator's
 * integration tests; started once, stopped with the JVM.
 */
final class InstalledChart {
  static final String NAMESPACE = "enclave-system";
  static final String SERVICE_ACCOUNT = "enclave-operator";

  private static InstalledChart installed;

  final HostCluster host;
  final int webhookPort;
  final KubernetesClient operatorClient;
  final TestbedTenantApis tenantApis;
  final OperatorProcess operator;
  private final ByteArrayOutputStream log;

  private InstalledChart(
      HostCluster host,
      int webhookPort,
      KubernetesClient operatorClient,
      TestbedTenantApis tenantApis,
      OperatorProcess operator,
      ByteArrayOutputStream log) {
    this.host = host;
    this.webhookPort = webhookPort;
    this.operatorClient = operatorClient;
    this.tenantApis = tenantApis;
    this.operator = operator;
    this.log = log;
  }

  static synchronized InstalledChart get() {
    if (installed == null) {
      installed = install();
      Runtime.getRuntime().addShutdownHook(new Thread(installed::stop, "operator-stop"));
    }
    return installed;
  }

  private static InstalledChart install() {
    HostCluster host = Testbed.host();
    int port = Ports.free();
    String url = "https://127.0.0.1:" + port;
    Command.Result helm =
        host.helm(
            "install",
            "enclave",
            chart().toString(),
            "--namespace=" + NAMESPACE,
            "--create-namespace",
            "--set=jurisdictions={eu,uk}",
            "--set=replicaCount=0",
            "--set=webhook.url=" + url);
    helm.requireSuccess();
    ByteArrayOutputStream log = captureStandardError();
    KubernetesClient client = host.serviceAccountClient(NAMESPACE, SERVICE_ACCOUNT);
    OperatorConfig config =
        OperatorConfig.fromEnvironment(
            Map.of(
                "ENCLAVE_JURISDICTIONS", "eu,uk",
                "ENCLAVE_NAMESPACE", NAMESPACE,
                "ENCLAVE_WEBHOOK_PORT", Integer.toString(port),
                "ENCLAVE_WEBHOOK_URL", url,
                "ENCLAVE_BIND_ADDRESS", "127.0.0.1",
                "ENCLAVE_METRICS_PORT", "0",
                "ENCLAVE_HEALTH_PORT", "0",
                "ENCLAVE_LEADER_ELECTION", "true",
                // Every tenant is reconciled at least every 15 s: steady state is observable.
                "ENCLAVE_RESYNC_SECONDS", "15"));
    TestbedTenantApis tenants = new TestbedTenantApis(host);
    OperatorProcess operator = OperatorProcess.start(client, config, Clock.systemUTC(), tenants);
    return new InstalledChart(host, port, client, tenants, operator, log);
  }

  private boolean platformApplied;
  private SharedStoresOnLoopback stores;

  /**
   * The example platform applied with kubectl as admin, through the real webhook: namespaces,
   * jurisdictions and data stores first (the tenants' checks read them), then tenants and grants.
   */
  synchronized void applyExamplePlatform() {
    if (platformApplied) {
      return;
    }
    Path examples = Testbed.examplePlatform();
    host.kubectl(
            "apply",
            "-f", examples.resolve("eu/namespace.yaml").toString(),
            "-f", examples.resolve("uk/namespace.yaml").toString(),
            "-f", examples.resolve("eu/jurisdiction.yaml").toString(),
            "-f", examples.resolve("uk/jurisdiction.yaml").toString(),
            "-f", examples.resolve("eu/datastore-postgres.yaml").toString(),
            "-f", examples.resolve("uk/datastore-etcd.yaml").toString())
        .requireSuccess();
    runSharedStores();
    host.kubectl(
            "apply",
            "-f", examples.resolve("eu/tenants").toString(),
            "-f", examples.resolve("uk/tenants").toString(),
            "-f", examples.resolve("eu/access").toString())
        .requireSuccess();
    platformApplied = true;
  }

  /**
   * The example's shared stores as real servers on loopback (PostgreSQL for eu-postgres-1, a
   * secured etcd for uk-etcd-1) with their admin Secrets, so the operator provisions
   * insurer-claims and council in them.
   */
  private void runSharedStores() {
    try (KubernetesClient admin = host.adminClient()) {
      stores = SharedStoresOnLoopback.start(admin, Components.fromEnvironment(), Testbed.directory().resolve("stores"));
    }
  }

  static Path chart() {
    return Testbed.repoRoot().resolve("deploy/helm/enclave");
  }

  private int deliberateDenialsFrom = -1;

  /**
   * What the operator logged since it started (standard error, where slf4j-simple writes), up to
   * the point a test took a permission away on purpose.
   */
  synchronized String operatorLog() {
    String all = log.toString(StandardCharsets.UTF_8);
    return deliberateDenialsFrom < 0 ? all : all.substring(0, deliberateDenialsFrom);
  }

  /** Everything the operator logged, refusals a test caused on purpose included. */
  String fullOperatorLog() {
    return log.toString(StandardCharsets.UTF_8);
  }

  /** A test is about to remove a grant: refusals logged from now on are expected. */
  synchronized void expectDenials() {
    if (deliberateDenialsFrom < 0) {
      deliberateDenialsFrom = log.toString(StandardCharsets.UTF_8).length();
    }
  }

  private static ByteArrayOutputStream captureStandardError() {
    ByteArrayOutputStream copy = new ByteArrayOutputStream();
    PrintStream original = System.err;
    System.setErr(new PrintStream(new dev.enclave.operator.TeeOutputStream(original, copy), true));
    return copy;
  }

  /**
   * At JVM exit the testbed's own hooks stop the API servers at the same time, so releasing the
   * leader lease may hang on a server that is gone: the stop gets five seconds.
   */
  private void stop() {
    Thread closing =
        new Thread(
            () -> {
              operator.close();
              tenantApis.close();
              operatorClient.close();
              if (stores != null) {
                stores.close();
              }
            },
            "operator-close");
    closing.setDaemon(true);
    closing.start();
    try {
      closing.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
