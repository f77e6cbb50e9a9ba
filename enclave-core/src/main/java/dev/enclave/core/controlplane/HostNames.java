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

  /**
   * The control-plane StatefulSet, its headless Service and the API Service share the tenant name.
   */
  public static String controlPlane(TenantCluster tenant) {
    return tenant.getMetadata().getName();
  }

  /** The headless Service that gives each control-plane pod a stable DNS name. */
  public static String headlessService(TenantCluster tenant) {
    return controlPlane(tenant) + "-headless";
  }

  /** The ServiceAccount the control-plane pods run as; it holds no host permissions. */
  public static String controlPlaneServiceAccount(TenantCluster tenant) {
    return controlPlane(tenant) + "-control-plane";
  }

  public static String auditPolicyConfigMap(TenantCluster tenant) {
    return controlPlane(tenant) + "-audit-policy";
  }

  public static String auditWebhookConfigMap(TenantCluster tenant) {
    return controlPlane(tenant) + "-audit-webhook";
  }

  public static String authenticationConfigMap(TenantCluster tenant) {
    return controlPlane(tenant) + "-authentication";
  }

  public static String encryptionConfigMap(TenantCluster tenant) {
    return controlPlane(tenant) + "-encryption";
  }

  public static String resourceQuota(TenantCluster tenant) {
    return controlPlane(tenant) + "-quota";
  }

  public static String limitRange(TenantCluster tenant) {
    return controlPlane(tenant) + "-defaults";
  }

  public static String podDisruptionBudget(TenantCluster tenant) {
    return controlPlane(tenant) + "-control-plane";
  }

  /** The service account token issuer: the tenant API server's in-cluster URL without a port. */
  public static String serviceAccountIssuer(TenantCluster tenant) {
    return "https://" + controlPlane(tenant) + "." + hostNamespace(tenant) + ".svc";
  }

  /** The key prefix of a tenant in a shared etcd DataStore, so tenants never share keys. */
  public static String etcdPrefix(TenantCluster tenant) {
    return "/enclave/" + tenant.getMetadata().getNamespace() + "/" + tenant.getMetadata().getName();
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

  /** The client certificate the API server presents to etcd (embedded or external). */
  public static String etcdCertSecret(TenantCluster tenant) {
    return tenant.getMetadata().getName() + "-etcd-tls";
  }

  /** The serving and peer certificate of an embedded etcd, signed by the etcd CA. */
  public static String etcdServerCertSecret(TenantCluster tenant) {
    return tenant.getMetadata().getName() + "-etcd-server-tls";
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
