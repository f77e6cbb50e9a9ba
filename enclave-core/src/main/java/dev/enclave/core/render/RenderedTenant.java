package dev.enclave.core.render;

import dev.enclave.api.v1alpha1.TenantCluster;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;

/** The host objects that run one tenant cluster, in apply order. */
public record RenderedTenant(TenantCluster tenant, List<HasMetadata> hostObjects) {

  public RenderedTenant {
    hostObjects = List.copyOf(hostObjects);
  }

  public String namespace() {
    return tenant.getMetadata().getNamespace();
  }

  public String name() {
    return tenant.getMetadata().getName();
  }
}
