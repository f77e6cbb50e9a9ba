package dev.enclave.cli.playground;

import dev.enclave.api.v1alpha1.TenantCluster;
import dev.enclave.operator.tenant.TenantApiClients;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * How the playground's operators reach tenant API servers: the simulated tenant servers' own
 * clients, not clients built from the admin kubeconfig (whose server name only resolves inside a
 * host). The tenant servers start just after the operators; until then a caller waits, at most as
 * long as a connection to a starting API server would.
 */
final class SimulatedTenantApis implements TenantApiClients {
  static final Duration WAIT = Duration.ofSeconds(10);

  private final CountDownLatch started = new CountDownLatch(1);
  private volatile SimulatedTenants tenants;

  /** The tenant servers are up (or there are none: {@code null}). */
  void started(SimulatedTenants tenants) {
    this.tenants = tenants;
    started.countDown();
  }

  @Override
  public Optional<KubernetesClient> clientFor(TenantCluster tenant, Secret adminKubeconfig) {
    try {
      if (!started.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
        return Optional.empty();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
    SimulatedTenants current = tenants;
    return current == null
        ? Optional.empty()
        : current.client(
            tenant.getMetadata().getNamespace() + "/" + tenant.getMetadata().getName());
  }
}
