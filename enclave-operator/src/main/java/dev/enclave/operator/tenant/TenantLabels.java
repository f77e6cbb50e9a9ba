package dev.enclave.operator.tenant;

import dev.enclave.api.v1alpha1.EnclaveApi;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.Map;
import java.util.Set;

/**
 * Maps a host object back to its TenantCluster through the tenant labels: owner references cannot
 * point from {@code tc-tenants-eu-acme} to a TenantCluster living in {@code tenants-eu}.
 */
public final class TenantLabels {
  /** Selects every host object Enclave manages; the informers watch nothing else. */
  public static final String MANAGED_SELECTOR =
      EnclaveApi.MANAGED_BY_LABEL + "=" + EnclaveApi.MANAGED_BY;

  private TenantLabels() {}

  /** The owning tenant, or no tenant when a label is missing. */
  public static Set<ResourceID> owner(HasMetadata hostObject) {
    Map<String, String> labels = hostObject.getMetadata().getLabels();
    if (labels == null) {
      return Set.of();
    }
    String name = labels.get(EnclaveApi.TENANT_NAME_LABEL);
    String namespace = labels.get(EnclaveApi.TENANT_NAMESPACE_LABEL);
    if (name == null || namespace == null) {
      return Set.of();
    }
    return Set.of(new ResourceID(name, namespace));
  }

  /** True when the object carries the labels of exactly this tenant and of Enclave. */
  public static boolean ownedBy(HasMetadata hostObject, ResourceID tenant) {
    Map<String, String> labels = hostObject.getMetadata().getLabels();
    return labels != null
        && EnclaveApi.MANAGED_BY.equals(labels.get(EnclaveApi.MANAGED_BY_LABEL))
        && owner(hostObject).contains(tenant);
  }
}
