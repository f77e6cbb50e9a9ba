package dev.enclave.cli;

import dev.enclave.api.v1alpha1.TenantCluster;
import dev.enclave.cli.playground.HostTarget;
import dev.enclave.cli.playground.PlatformApplier;
import dev.enclave.core.controlplane.HostNames;
import dev.enclave.core.gitops.GitOpsLoader;
import dev.enclave.core.model.Declared;
import dev.enclave.core.model.Platform;
import dev.enclave.operator.EnclaveOperator;
import dev.enclave.operator.OperatorConfig;
import dev.enclave.testbed.Await;
import dev.enclave.testbed.Components;
import dev.enclave.testbed.HostCluster;
import dev.enclave.testbed.SharedStoresOnLoopback;
import dev.enclave.testbed.Testbed;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * The example platform running on the shared testbed host: the CRDs from deploy/crds, the syncer
 * ClusterRoles from deploy/operator, the examples applied by the playground's applier, the local
 * PersistentVolumes the testbed pre-provisions per storage class, and the real operator
 * serving eu and uk, so the control-plane pods are scheduled by the real scheduler onto KWOK nodes;
 * the examples' shared DataStores run on real servers ({@link SharedStoresOnLoopback}).
 */
final class ExamplePlatformOnTestbed implements AutoCloseable {
  static final Path ROOT = Testbed.repoRoot();
  static final Path EXAMPLES = Testbed.examplePlatform();
  private static final Duration CONTROL_PLANES_RUN = Duration.ofSeconds(90);

  final HostCluster host;
  final Platform platform;
  private final KubernetesClient operatorClient;
  private final EnclaveOperator operator;
  private final SharedStoresOnLoopback stores;

  private ExamplePlatformOnTestbed(
      HostCluster host, Platform platform, KubernetesClient operatorClient, EnclaveOperator op,
      SharedStoresOnLoopback stores) {
    this.stores = stores;
    this.host = host;
    this.platform = platform;
    this.operatorClient = operatorClient;
    this.operator = op;
  }

  static ExamplePlatformOnTestbed start() {
    HostCluster host = Testbed.host();
    host.kubectl("apply", "--server-side", "-f", ROOT.resolve("deploy/crds").toString())
        .requireSuccess();
    host.kubectl("wait", "--for=condition=Established", "crd", "--all", "--timeout=60s")
        .requireSuccess();
    host.kubectl(
            "apply",
            "--server-side",
            "-f",
            ROOT.resolve("deploy/operator/25-syncer-clusterroles.yaml").toString())
        .requireSuccess();
    Platform platform = new GitOpsLoader().load(EXAMPLES).platform();
    SharedStoresOnLoopback stores;
    try (KubernetesClient admin = host.adminClient()) {
      PlatformApplier.Result applied =
          PlatformApplier.apply(
              platform, List.of(new HostTarget("testbed", admin, Set.of("eu", "uk"))));
      if (!applied.refused().isEmpty()) {
        throw new IllegalStateException("examples not applied: " + applied.refused());
      }
      stores = SharedStoresOnLoopback.start(admin, Components.fromEnvironment(), Testbed.directory().resolve("stores"));
    }
    KubernetesClient operatorClient = host.adminClient();
    OperatorConfig defaults = OperatorConfig.forJurisdictions(Set.of("eu", "uk"));
    OperatorConfig config =
        new OperatorConfig(
            Set.of("eu", "uk"),
            defaults.operatorNamespace(),
            0,
            0,
            0,
            defaults.resyncPeriod(),
            false,
            defaults.leaseName());
    EnclaveOperator operator = EnclaveOperator.start(operatorClient, config, Clock.systemUTC());
    ExamplePlatformOnTestbed running =
        new ExamplePlatformOnTestbed(host, platform, operatorClient, operator, stores);
    try {
      running.awaitControlPlanesRunning();
      return running;
    } catch (RuntimeException | AssertionError e) {
      running.close();
      throw e;
    }
  }

  /** Every declared tenant's control-plane StatefulSet has all its replicas Running on a node. */
  private void awaitControlPlanesRunning() {
    try (KubernetesClient admin = host.adminClient()) {
      await(
          "the control-plane pods of every example tenant Running",
          CONTROL_PLANES_RUN,
          () ->
              platform.tenantClusters().stream()
                  .allMatch(
                      t ->
                          controlPlanePods(admin, t.object()).stream()
                                  .filter(p -> "Running".equals(p.getStatus().getPhase()))
                                  .filter(p -> p.getSpec().getNodeName() != null)
                                  .count()
                              == t.object().getSpec().getControlPlane().getReplicas()));
    }
  }

  /** The pods of the tenant's control-plane StatefulSet in its host namespace. */
  static List<Pod> controlPlanePods(KubernetesClient client, TenantCluster tenant) {
    return client.pods().inNamespace(HostNames.hostNamespace(tenant)).list().getItems().stream()
        .filter(
            p ->
                p.getMetadata().getOwnerReferences().stream()
                    .anyMatch(
                        o ->
                            "StatefulSet".equals(o.getKind())
                                && HostNames.controlPlane(tenant).equals(o.getName())))
        .toList();
  }

  /** Polls until {@code condition}; on timeout fails with the host's pods, events and volumes. */
  void await(String what, Duration limit, BooleanSupplier condition) {
    Await.until(
        what,
        limit,
        condition,
        () ->
            host.kubectl("get", "pods,events", "-A", "-o", "wide").stdout()
                + host.kubectl("get", "pv,pvc", "-A", "-o", "wide").stdout());
  }

  @Override
  public void close() {
    try {
      operator.close();
    } finally {
      operatorClient.close();
      stores.close();
    }
  }
}
