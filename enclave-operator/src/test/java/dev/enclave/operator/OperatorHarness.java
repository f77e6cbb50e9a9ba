package dev.enclave.operator;

import dev.enclave.api.v1alpha1.DataStore;
import dev.enclave.api.v1alpha1.Jurisdiction;
import dev.enclave.api.v1alpha1.TenantCluster;
import dev.enclave.core.controlplane.HostNames;
import dev.enclave.operator.tenant.TenantApiClients;
import dev.enclave.operator.tenant.UpgradeHealthGate;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/** One simulated host with the real operator running on it. */
final class OperatorHarness implements AutoCloseable {
  final MockHost host = MockHost.start();
  final KubernetesClient client = host.client();
  final TestClock clock = new TestClock(Instant.parse("2025-06-01T08:00:00Z"));

  /** Every tenant's API server, one for the test: the RBAC objects have the same names anyway. */
  final MockHost tenantApi = MockHost.tenantApi();

  /** How the operator reaches tenant APIs; replace before {@link #start} to test failures. */
  TenantApiClients tenantApis = (tenant, adminKubeconfig) -> Optional.of(tenantApi.client());

  /** What the upgrade health gate answers; passing unless a test says otherwise. */
  final AtomicReference<UpgradeHealthGate.Result> gate =
      new AtomicReference<>(new UpgradeHealthGate.Result(true, "test gate passed"));

  EnclaveOperator operator;

  OperatorHarness start(OperatorConfig config) {
    UpgradeHealthGate healthGate =
        new UpgradeHealthGate() {
          @Override
          public Result check(KubernetesClient tenantApi, String registry, String version) {
            return gate.get();
          }

          @Override
          public void finish(KubernetesClient tenantApi) {}
        };
    operator = EnclaveOperator.start(client, config, clock, tenantApis, healthGate);
    return this;
  }

  static OperatorConfig servingEu() {
    return withResync(OperatorConfig.forJurisdictions(Set.of("eu")), Duration.ofMinutes(10));
  }

  static OperatorConfig withResync(OperatorConfig c, Duration resync) {
    return new OperatorConfig(
        c.jurisdictions(), c.operatorNamespace(), 0, 0, 0, resync, false, c.leaseName());
  }

  Jurisdiction declare(Jurisdiction jurisdiction) {
    return client.resource(jurisdiction).create();
  }

  TenantCluster declare(TenantCluster tenant) {
    return client.resource(tenant).create();
  }

  DataStore declare(DataStore dataStore) {
    return client.resource(dataStore).create();
  }

  TenantCluster tenant(String namespace, String name) {
    return client.resources(TenantCluster.class).inNamespace(namespace).withName(name).get();
  }

  String phaseOf(TenantCluster tenant) {
    TenantCluster current =
        tenant(tenant.getMetadata().getNamespace(), tenant.getMetadata().getName());
    return current == null || current.getStatus() == null ? null : current.getStatus().getPhase();
  }

  StatefulSet controlPlane(TenantCluster tenant) {
    return client
        .apps()
        .statefulSets()
        .inNamespace(HostNames.hostNamespace(tenant))
        .withName(HostNames.controlPlane(tenant))
        .get();
  }

  /**
   * Plays the StatefulSet controller, which the mock does not run: all replicas ready. Retried when
   * the operator wrote the StatefulSet meanwhile (409), as a controller would.
   */
  void markControlPlaneReady(TenantCluster tenant) {
    for (int attempt = 1; ; attempt++) {
      try {
        writeControlPlaneReady(tenant);
        return;
      } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
        if (e.getCode() != 409 || attempt == 10) {
          throw e;
        }
      }
    }
  }

  private void writeControlPlaneReady(TenantCluster tenant) {
    client
        .apps()
        .statefulSets()
        .inNamespace(HostNames.hostNamespace(tenant))
        .withName(HostNames.controlPlane(tenant))
        .editStatus(
            s -> {
              int replicas = s.getSpec().getReplicas();
              s.setStatus(
                  new StatefulSetStatusBuilder()
                      .withReplicas(replicas)
                      .withReadyReplicas(replicas)
                      .withUpdatedReplicas(replicas)
                      .withObservedGeneration(s.getMetadata().getGeneration())
                      .build());
              return s;
            });
  }

  /** Reports the tenant's CoreDNS Deployment rolled out, as its controller would. */
  void markCorednsAvailable(TenantCluster tenant) {
    client
        .apps()
        .deployments()
        .inNamespace(HostNames.hostNamespace(tenant))
        .withName(HostNames.coredns(tenant))
        .editStatus(
            d -> {
              int replicas = d.getSpec().getReplicas();
              d.setStatus(
                  new DeploymentStatusBuilder()
                      .withReplicas(replicas)
                      .withUpdatedReplicas(replicas)
                      .withAvailableReplicas(replicas)
                      .withReadyReplicas(replicas)
                      .withObservedGeneration(d.getMetadata().getGeneration())
                      .build());
              return d;
            });
  }

  /** Declares {@code tenant} and waits until it is Ready. */
  void provisionReady(TenantCluster tenant) {
    declare(tenant);
    Poll.until(
        "the control plane of " + tenant.getMetadata().getName() + " exists",
        () -> controlPlane(tenant) != null);
    markControlPlaneReady(tenant);
    Poll.until(
        "tenant " + tenant.getMetadata().getName() + " is Ready",
        () -> "Ready".equals(phaseOf(tenant)));
  }

  @Override
  public void close() {
    if (operator != null) {
      operator.close();
    }
    tenantApi.close();
    host.close();
  }
}
