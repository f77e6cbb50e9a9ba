package dev.enclave.operator.it;

import dev.enclave.api.v1alpha1.TenantCluster;
import dev.enclave.operator.tenant.TenantApiClients;
import dev.enclave.testbed.HostCluster;
import dev.enclave.testbed.KubeApiServer;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tenant API servers for the operator's integration tests: a real, bare kube-apiserver of the
 * tenant's version per tenant, started by the testbed on first use. The rendered control-plane
 * pods themselves run only as KWOK pods here (the playground's pod runner runs them as processes),
 * so this seam answers for them; the operator's tenant RBAC is applied to a real API server.
 */
final class TestbedTenantApis implements TenantApiClients {
  private final HostCluster host;
  private final Map<String, KubeApiServer> servers = new ConcurrentHashMap<>();
  private final Map<String, KubernetesClient> clients = new ConcurrentHashMap<>();

  TestbedTenantApis(HostCluster host) {
    this.host = host;
  }

  @Override
  public Optional<KubernetesClient> clientFor(TenantCluster tenant, Secret adminKubeconfig) {
    String key = tenant.getMetadata().getNamespace() + "-" + tenant.getMetadata().getName();
    KubeApiServer server =
        servers.computeIfAbsent(
            key, k -> host.startTenantApiServer(k, tenant.getSpec().getKubernetesVersion()));
    return Optional.of(clients.computeIfAbsent(key, k -> server.adminClient()));
  }

  /** The API server started for {@code namespace/name}, if the operator asked for it. */
  Optional<KubeApiServer> server(String namespace, String name) {
    return Optional.ofNullable(servers.get(namespace + "-" + name));
  }

  @Override
  public void close() {
    clients.values().forEach(KubernetesClient::close);
    servers.values().forEach(KubeApiServer::close);
  }
}
