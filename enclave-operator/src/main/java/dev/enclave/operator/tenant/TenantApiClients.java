package dev.enclave.operator.tenant;

import dev.enclave.api.v1alpha1.TenantCluster;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Optional;

/** How the operator reaches a tenant cluster's API server, with the tenant's admin credentials. */
public interface TenantApiClients extends AutoCloseable {

  /**
   * A client for {@code tenant}'s API server, authenticated by {@code adminKubeconfig} (the Secret
   * {@code HostNames.bootstrapKubeconfigSecret} in the host namespace), or empty when none can be built
   * from it. The client stays owned by this object: callers never close it.
   */
  Optional<KubernetesClient> clientFor(TenantCluster tenant, Secret adminKubeconfig);

  /** The tenant is gone: release whatever was kept for it. */
  default void forget(TenantCluster tenant) {}

  /** The operator stops: release every client. */
  @Override
  default void close() {}
}
