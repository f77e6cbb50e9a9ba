package dev.enclave.operator;

import dev.enclave.core.net.NameResolution;
import dev.enclave.core.render.PlatformRenderer;
import dev.enclave.operator.grant.AccessGrantReconciler;
import dev.enclave.operator.ops.DriftMetrics;
import dev.enclave.operator.ops.MetricsText;
import dev.enclave.operator.ops.OperatorEndpoints;
import dev.enclave.operator.ops.ReconcileMetrics;
import dev.enclave.operator.ops.TenantCensus;
import dev.enclave.operator.platform.DataStoreReconciler;
import dev.enclave.operator.platform.JurisdictionReconciler;
import dev.enclave.operator.tenant.ControlPlaneRenderer;
import dev.enclave.operator.tenant.KeyMaterial;
import dev.enclave.operator.tenant.KubeconfigTenantApiClients;
import dev.enclave.operator.tenant.Monitoring;
import dev.enclave.operator.tenant.PkiKeyMaterial;
import dev.enclave.operator.tenant.TenantApiClients;
import dev.enclave.operator.tenant.TenantApiHealthGate;
import dev.enclave.operator.tenant.UpgradeHealthGate;
import dev.enclave.operator.tenant.TenantClusterReconciler;
import dev.enclave.api.v1alpha1.TenantCluster;
import dev.enclave.operator.tenant.TenantSecrets;
import dev.enclave.operator.tenant.TenantStatuses;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.RegisteredController;
import io.javaoperatorsdk.operator.api.config.ConfigurationServiceOverrider;
import io.javaoperatorsdk.operator.api.config.ControllerConfigurationOverrider;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import io.javaoperatorsdk.operator.health.ControllerHealthInfo;
import io.javaoperatorsdk.operator.health.InformerHealthIndicator;
import io.javaoperatorsdk.operator.health.InformerWrappingEventSourceHealthIndicator;
import io.javaoperatorsdk.operator.processing.retry.GenericRetry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import dev.enclave.operator.backup.BackupSweeps;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;

/**
 * The Enclave operator: the TenantCluster, AccessGrant, Jurisdiction and DataStore controllers, their metrics
 * and health endpoints. Started in-process by the playground and benchmarks, or by {@link #main}.
 */
public final class EnclaveOperator implements AutoCloseable {
  /** Reconciles run in parallel; enough to keep a remote API server busy on a small machine. */
  public static final int RECONCILIATION_THREADS = 16;

  public static final String FINALIZER = "enclave.dev/finalizer";

  private final Operator operator;
  private final OperatorEndpoints endpoints;
  private final ReconcileMetrics metrics;
  private final MetricsText metricsText;
  private final TenantApiClients tenantApis;
  private final BackupSweeps backupSweeps;

  private EnclaveOperator(
      Operator operator,
      OperatorEndpoints endpoints,
      ReconcileMetrics metrics,
      MetricsText text,
      TenantApiClients tenantApis,
      BackupSweeps backupSweeps) {
    this.operator = operator;
    this.backupSweeps = backupSweeps;
    this.endpoints = endpoints;
    this.metrics = metrics;
    this.metricsText = text;
    this.tenantApis = tenantApis;
  }

  /**
   * Starts the controllers on {@code client} and returns once they run and, unless leader election
   * holds them back, their informers have synced. The client stays open on {@link #close()}.
   */
  public static EnclaveOperator start(KubernetesClient client, OperatorConfig config, Clock clock) {
    return start(client, config, clock, new KubeconfigTenantApiClients());
  }

  /**
   * As above, reaching tenant API servers through {@code tenantApis} (the playground's simulated
   * tenants, tests); it is closed with the operator.
   */
  public static EnclaveOperator start(
      KubernetesClient client, OperatorConfig config, Clock clock, TenantApiClients tenantApis) {
    return start(client, config, clock, tenantApis, new TenantApiHealthGate());
  }

  /** As above, with another upgrade health gate (unit tests: a CRUD mock runs no workload). */
  public static EnclaveOperator start(
      KubernetesClient client,
      OperatorConfig config,
      Clock clock,
      TenantApiClients tenantApis,
      UpgradeHealthGate healthGate) {
    return start(
        client,
        config,
        clock,
        (platform, tenant) -> PlatformRenderer.render(platform, tenant).hostObjects(),
        new PkiKeyMaterial(clock, new SecureRandom()),
        tenantApis,
        healthGate);
  }

  /** As above with another control-plane renderer or key material (tests, benchmarks). */
  public static EnclaveOperator start(
      KubernetesClient client,
      OperatorConfig config,
      Clock clock,
      ControlPlaneRenderer renderer,
      KeyMaterial keyMaterial) {
    return start(client, config, clock, renderer, keyMaterial, new KubeconfigTenantApiClients());
  }

  /** As above with every seam given. */
  public static EnclaveOperator start(
      KubernetesClient client,
      OperatorConfig config,
      Clock clock,
      ControlPlaneRenderer renderer,
      KeyMaterial keyMaterial,
      TenantApiClients tenantApis) {
    return start(client, config, clock, renderer, keyMaterial, tenantApis, new TenantApiHealthGate());
  }

  /** As above with every seam given. */
  public static EnclaveOperator start(
      KubernetesClient client,
      OperatorConfig config,
      Clock clock,
      ControlPlaneRenderer renderer,
      KeyMaterial keyMaterial,
      TenantApiClients tenantApis,
      UpgradeHealthGate healthGate) {
    ReconcileMetrics metrics = new ReconcileMetrics();
    TenantCensus census = new TenantCensus();
    DriftMetrics drift = new DriftMetrics();
    Operator operator = new Operator(overrides(client, config, metrics));
    Monitoring monitoring = Monitoring.detect(client);
    operator.register(
        new TenantClusterReconciler(
            config,
            new TenantStatuses(clock),
            renderer,
            new TenantSecrets(keyMaterial, clock),
            monitoring,
            census,
            drift,
            clock,
            tenantApis,
            healthGate),
        EnclaveOperator.<TenantCluster>controller(TenantClusterReconciler.NAME, config)
            .andThen(
                c ->
                    c.withGenerationAware(false)
                        .withOnUpdateFilter(TenantClusterReconciler::worthReconciling)));
    operator.register(
        new AccessGrantReconciler(config, clock, tenantApis),
        controller(AccessGrantReconciler.NAME, config));
    operator.register(
        new JurisdictionReconciler(clock, census), controller(JurisdictionReconciler.NAME, config));
    operator.register(
        new DataStoreReconciler(clock, census), controller(DataStoreReconciler.NAME, config));
    MetricsText text = new MetricsText(metrics, census, drift);
    OperatorEndpoints endpoints = null;
    try {
      endpoints =
          OperatorEndpoints.start(
              config.bindAddress(),
              config.metricsPort(), config.healthPort(), text::render, () -> synced(operator));
      operator.start();
      return new EnclaveOperator(
          operator, endpoints, metrics, text, tenantApis,
          BackupSweeps.start(client, config.operatorNamespace(), clock));
    } catch (IOException e) {
      operator.stop();
      tenantApis.close();
      throw new UncheckedIOException("cannot open the metrics or health port", e);
    } catch (RuntimeException e) {
      if (endpoints != null) {
        endpoints.close();
      }
      operator.stop();
      tenantApis.close();
      throw e;
    }
  }

  private static Consumer<ConfigurationServiceOverrider> overrides(
      KubernetesClient client, OperatorConfig config, ReconcileMetrics metrics) {
    return o -> {
      o.withKubernetesClient(client)
          // Status patches: server-side apply on a real API server; the CRUD mock cannot apply.
          .withUseSSAToPatchPrimaryResource(config.serverSideApply())
          // Only for JOSDK's dependent resources, which Enclave does not use: host objects are
          // compared on owned fields and written with a PUT carrying resourceVersion (HostObjects).
          .withSSABasedCreateUpdateMatchForDependentResources(false)
          .withConcurrentReconciliationThreads(RECONCILIATION_THREADS)
          .withCloseClientOnStop(false)
          .withMetrics(metrics);
      if (config.leaderElection()) {
        o.withLeaderElectionConfiguration(
            LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(config.leaseName())
                .withLeaseNamespace(config.operatorNamespace())
                .withIdentity(identity())
                .build());
      }
    };
  }

  private static <R extends HasMetadata> Consumer<ControllerConfigurationOverrider<R>> controller(
      String name, OperatorConfig config) {
    return c ->
        c.withName(name)
            .withFinalizer(
                name.equals(TenantClusterReconciler.NAME) || name.equals(AccessGrantReconciler.NAME)
                    ? FINALIZER
                    : null)
            .withReconciliationMaxInterval(config.resyncPeriod())
            .withRetry(
                new GenericRetry()
                    .setInitialInterval(Duration.ofSeconds(1))
                    .setIntervalMultiplier(2)
                    .setMaxInterval(Duration.ofMinutes(5).toMillis())
                    .withoutMaxAttempts());
  }

  private static String identity() {
    String host = System.getenv().getOrDefault("HOSTNAME", "enclave-operator");
    return host + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** True once every informer of every controller runs and has synced. */
  public boolean isReady() {
    return synced(operator);
  }

  /** Waits until {@link #isReady()}; false if the timeout passed first. */
  public boolean awaitReady(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!isReady()) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(20);
    }
    return true;
  }

  private static boolean synced(Operator operator) {
    if (!operator.getRuntimeInfo().isStarted()) {
      return false;
    }
    for (RegisteredController<?> controller : operator.getRegisteredControllers()) {
      ControllerHealthInfo health = controller.getControllerHealthInfo();
      for (InformerWrappingEventSourceHealthIndicator<?> source :
          health.informerEventSourceHealthIndicators().values()) {
        for (InformerHealthIndicator informer : source.informerHealthIndicators().values()) {
          if (!informer.isRunning() || !informer.hasSynced()) {
            return false;
          }
        }
      }
    }
    return !operator.getRegisteredControllers().isEmpty();
  }

  public int metricsPort() {
    return endpoints.metricsPort();
  }

  public int healthPort() {
    return endpoints.healthPort();
  }

  /** The {@code /metrics} text, without HTTP. */
  public String metricsText() {
    return metricsText.render();
  }

  /** Reconciles (and cleanups) run so far by one controller, e.g. {@code "tenantcluster"}. */
  public long reconciles(String controller) {
    return metrics.executions(controller);
  }

  /** One controller's reconcile duration histogram so far ({@link ReconcileMetrics#cumulativeCounts}). */
  public long[] reconcileHistogram(String controller) {
    return metrics.cumulativeCounts(controller);
  }

  @Override
  public void close() {
    backupSweeps.close();
    try {
      operator.stop();
    } finally {
      endpoints.close();
      tenantApis.close();
    }
  }

  /**
   * The container entry point: configuration from the environment, in-cluster credentials;
   * reconcilers on the leader, the admission webhook on every replica (it needs no lease: both
   * replicas sit behind the webhook Service). The webhook's serving certificate is, with
   * ENCLAVE_WEBHOOK_CERT_MANAGER=enclave (the default), issued and renewed by this process in the
   * Secret ENCLAVE_WEBHOOK_SECRET before the webhook serves ({@link WebhookCertificateRotation});
   * with {@code cert-manager}, read once from ENCLAVE_WEBHOOK_TLS_DIR ({@code tls.crt}, {@code
   * tls.key}). Exits 2 on bad configuration, 1 when the certificate can be neither read nor made.
   */
  public static void main(String[] args) throws InterruptedException {
    NameResolution.jdkOnly();
    OperatorConfig config;
    try {
      config = OperatorConfig.fromEnvironment(System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println("enclave-operator: " + e.getMessage());
      System.exit(2);
      return;
    }
    KubernetesClient client = new KubernetesClientBuilder().build();
    OperatorProcess process;
    try {
      process = OperatorProcess.start(client, config, Clock.systemUTC());
    } catch (IllegalStateException e) {
      System.err.println("enclave-operator: " + e.getMessage());
      System.exit(1);
      return;
    }
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  process.close();
                  client.close();
                }));
    new CountDownLatch(1).await();
  }
}
