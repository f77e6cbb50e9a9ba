package dev.enclave.operator.tenant;

import dev.enclave.api.v1alpha1.EnclaveApi;
import dev.enclave.api.v1alpha1.TenantCluster;
import java.util.Map;
import java.util.TreeMap;

/** The labels every host object of a tenant carries; the informers map events back by them. */
final class OwnerLabels {
  private OwnerLabels() {}

  static Map<String, String> of(TenantCluster tenant) {
    Map<String, String> labels = new TreeMap<>();
    labels.put(EnclaveApi.TENANT_NAME_LABEL, tenant.getMetadata().getName());
    labels.put(EnclaveApi.TENANT_NAMESPACE_LABEL, tenant.getMetadata().getNamespace());
    labels.put(EnclaveApi.JURISDICTION_LABEL, tenant.getSpec().getJurisdiction());
    labels.put(EnclaveApi.MANAGED_BY_LABEL, EnclaveApi.MANAGED_BY);
    return labels;
  }
}
