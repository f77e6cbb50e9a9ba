package dev.enclave.core.controlplane;

import dev.enclave.api.v1alpha1.TenantCluster;

/**
 * Names of the host objects derived from one tenant cluster. Every tenant gets a dedicated host
 * namespace {@code tc-<namespace>-<name>}; the objects inside it are named after the tenant. The
 * compliance rules check that these derived names are valid before anything is built.
 */
public final class HostNames {
  /** Longest Kubernetes namespace name (a DNS-1123 label). */
  public static final int MAX_NAMESPACE_LENGTH = 63;
  /**
   * Longest tenant cluster name: the StatefulSet is named after it, and a StatefulSet name must
   * leave room for the 11-character controller-revision-hash suffix in a 63-character label.
   */
  public static final int MAX_TENANT_NAME_LENGTH = 52;

  private static final String NAMESPACE_PREFIX = "tc-";

  private HostNames() {}

  public static String hostNamespace(String tenantNamespace, String tenantName) {
    return NAMESPACE_PREFIX + tenantNamespace + "-" + tenantName;
  }

  public static String hostNamespace(TenantCluster tenant) {
    return hostNamespace(tenant.getMetadata().getNamespace(), tenant.getMetadata().getName());
  }

  /** The control-plane StatefulSet, its headless Service and the API Service share the tenant name. */
  public static String controlPlane(TenantCluster tenant) {
    return tenant.getMetadata().getName();
  }

  /** The in-cluster URL of the tenant API server. */
  public static String endpoint(TenantCluster tenant) {
    return "https://" + controlPlane(tenant) + "." + hostNamespace(tenant) + ".svc:443";
  }

  public static String caSecret(TenantCluster tenant) {
    return tenant.getMetadata().getName() + "-ca";
  }

  public static String etcdCaSecret(TenantCluster tenant) {
    return tenant.getMetadata().getName() + "-etcd-ca";
  }

  public static String apiServerCertSecret(TenantCluster tenant) {
    return tenant.getMetadata().getName() + "-apiserver-tls";
  }

  public static String etcdCertSecret(TenantCluster tenant) {
    return tenant.getMetadata().getName() + "-etcd-tls";
  }

  public static String controllerManagerKubeconfigSecret(TenantCluster tenant) {
    return tenant.getMetadata().getName() + "-controller-manager-kubeconfig";
  }

  public static String schedulerKubeconfigSecret(TenantCluster tenant) {
    return tenant.getMetadata().getName() + "-scheduler-kubeconfig";
  }

  public static String serviceAccountKeySecret(TenantCluster tenant) {
    return tenant.getMetadata().getName() + "-sa-keys";
  }

  public static String adminKubeconfigSecret(TenantCluster tenant) {
    return tenant.getMetadata().getName() + "-admin-kubeconfig";
  }

  /** Credentials for the tenant's own database or etcd prefix in a shared DataStore. */
  public static String dataStoreCredentialsSecret(TenantCluster tenant) {
    return tenant.getMetadata().getName() + "-datastore";
  }
}
