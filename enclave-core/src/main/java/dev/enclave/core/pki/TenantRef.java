package dev.enclave.core.pki;

import dev.enclave.api.v1alpha1.TenantCluster;
import dev.enclave.core.controlplane.HostNames;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;

/** Which tenant a PKI belongs to, and where in the host cluster its control plane runs. */
record TenantRef(String tenantNamespace, String tenantName, String hostNamespace) {

  TenantRef {
    requireName("tenantNamespace", tenantNamespace);
    requireName("tenantName", tenantName);
    requireName("hostNamespace", hostNamespace);
  }

  static TenantRef of(TenantCluster tenant) {
    return new TenantRef(
        tenant.getMetadata().getNamespace(),
        tenant.getMetadata().getName(),
        HostNames.hostNamespace(tenant));
  }

  /**
   * The API Service's in-cluster name; a SAN of the serving certificate and the kubeconfig host.
   */
  String apiServiceHost() {
    return tenantName + "." + hostNamespace + ".svc";
  }

  /** Same URL as {@link HostNames#endpoint} when the host namespace is the derived one. */
  String serverUrl() {
    return "https://" + apiServiceHost() + ":443";
  }

  /** {@code tenants-eu/acme}, as people name a namespaced object. */
  String qualifiedName() {
    return tenantNamespace + "/" + tenantName;
  }

  /** A TenantCluster carrying only this tenant's name, so HostNames names its Secrets. */
  TenantCluster asTenantCluster() {
    TenantCluster tenant = new TenantCluster();
    tenant.setMetadata(
        new ObjectMetaBuilder().withNamespace(tenantNamespace).withName(tenantName).build());
    return tenant;
  }

  private static void requireName(String field, String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("tenant PKI: " + field + " must not be empty");
    }
  }
}
