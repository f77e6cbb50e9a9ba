package dev.enclave.operator.tenant;

import dev.enclave.api.v1alpha1.TenantCluster;
import dev.enclave.core.controlplane.HostNames;
import dev.enclave.core.pki.PkiSecret;
import io.fabric8.kubernetes.api.model.Secret;
import dev.enclave.core.pki.ClientKeyAlgorithm;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Builds a fabric8 client per tenant from its admin kubeconfig, pointed at {@code
 * HostNames.endpoint(tenant)}, with bounded timeouts and no retries so an unreachable tenant costs
 * one reconcile thread at most {@link #TIMEOUT} per request. One client per tenant is kept, rebuilt
 * when the kubeconfig changes (certificates renewed) and closed when the tenant is forgotten.
 */
public final class KubeconfigTenantApiClients implements TenantApiClients {
  public static final Duration TIMEOUT = Duration.ofSeconds(10);

  private record Cached(String kubeconfig, KubernetesClient client) {}

  private final Map<ResourceID, Cached> clients = new ConcurrentHashMap<>();

  @Override
  public Optional<KubernetesClient> clientFor(TenantCluster tenant, Secret adminKubeconfig) {
    String kubeconfig = kubeconfig(adminKubeconfig);
    if (kubeconfig == null) {
      return Optional.empty();
    }
    ResourceID id = ResourceID.fromResource(tenant);
    Cached cached =
        clients.compute(
            id,
            (key, previous) -> {
              if (previous != null && previous.kubeconfig().equals(kubeconfig)) {
                return previous;
              }
              if (previous != null) {
                previous.client().close();
              }
              return new Cached(kubeconfig, build(tenant, kubeconfig));
            });
    return Optional.of(cached.client());
  }

  private static KubernetesClient build(TenantCluster tenant, String kubeconfig) {
    Config config = Config.fromKubeconfig(kubeconfig);
    config.setMasterUrl(HostNames.endpoint(tenant));
    ClientKeyAlgorithm.detect(config);
    config.setConnectionTimeout((int) TIMEOUT.toMillis());
    config.setRequestTimeout((int) TIMEOUT.toMillis());
    config.setRequestRetryBackoffLimit(0);
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  private static String kubeconfig(Secret secret) {
    if (secret == null) {
      return null;
    }
    if (secret.getStringData() != null
        && secret.getStringData().get(PkiSecret.KUBECONFIG) != null) {
      return secret.getStringData().get(PkiSecret.KUBECONFIG);
    }
    String encoded = secret.getData() == null ? null : secret.getData().get(PkiSecret.KUBECONFIG);
    return encoded == null
        ? null
        : new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
  }

  @Override
  public void forget(TenantCluster tenant) {
    Cached cached = clients.remove(ResourceID.fromResource(tenant));
    if (cached != null) {
      cached.client().close();
    }
  }

  @Override
  public void close() {
    clients.values().forEach(c -> c.client().close());
    clients.clear();
  }
}
