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

  /**
   * The syncer's host permissions, granted only inside a host namespace by a RoleBinding; shared by
   * every tenant and installed by the Helm chart, so the operator needs {@code bind}, not the
   * permissions themselves.
   */
  public static final String SYNCER_CLUSTER_ROLE = "enclave-syncer";

  /** Read access to host nodes, shared by every tenant's syncer; installed by the Helm chart. */
  public static final String SYNCER_NODES_CLUSTER_ROLE = "enclave-syncer-nodes";

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

  /**
   * The ClusterIP Service in front of the tenant API server, named after the tenant: {@link
   * ServicesBuilder#api} renders it, the syncer gives its cluster IP to the tenant's {@code
   * default/kubernetes} Service.
   */
  public static String apiService(String tenantName) {
    return tenantName;
  }

  /** The headless Service that gives each control-plane pod a stable DNS name. */
  public static String headlessService(TenantCluster tenant) {
    return controlPlane(tenant) + "-headless";
  }

  /**
   * The ServiceAccount the control-plane pods run as. Its token is projected into the syncer
   * container only; it is bound to the syncer's host permissions in the host namespace.
   */
  public static String syncerServiceAccount(TenantCluster tenant) {
    return controlPlane(tenant) + "-syncer";
  }

  /** The ServiceAccount synced tenant workloads run as on the host: no permissions, no token. */
  public static String workloadsServiceAccount(TenantCluster tenant) {
    return controlPlane(tenant) + "-workloads";
  }

  /** The ServiceAccount of the tenant's CoreDNS pods: no host permissions, no token. */
  public static String corednsServiceAccount(TenantCluster tenant) {
    return coredns(tenant);
  }

  /** Binds the syncer's ServiceAccount to {@link #SYNCER_CLUSTER_ROLE} in the host namespace. */
  public static String syncerRoleBinding(TenantCluster tenant) {
    return controlPlane(tenant) + "-syncer";
  }

  /**
   * The per-tenant ClusterRoleBinding to {@link #SYNCER_NODES_CLUSTER_ROLE}. Cluster-scoped, so
   * named after the host namespace, which is unique per tenant.
   */
  public static String syncerNodesClusterRoleBinding(TenantCluster tenant) {
    return hostNamespace(tenant) + "-syncer-nodes";
  }

  /** The rendered {@code SyncPolicy} the syncer reads. */
  public static String syncPolicyConfigMap(TenantCluster tenant) {
    return controlPlane(tenant) + "-sync-policy";
  }

  /** The tenant's CoreDNS Deployment and its Corefile ConfigMap. */
  public static String coredns(TenantCluster tenant) {
    return controlPlane(tenant) + "-coredns";
  }

  /** The ClusterIP Service tenant workloads resolve names through. */
  public static String dnsService(TenantCluster tenant) {
    return dnsService(tenant.getMetadata().getName());
  }

  public static String dnsService(String tenantName) {
    return tenantName + "-dns";
  }

  public static String auditPolicyConfigMap(TenantCluster tenant) {
    return controlPlane(tenant) + "-audit-policy";
  }

  public static String auditWebhookConfigMap(TenantCluster tenant) {
    return controlPlane(tenant) + "-audit-webhook";
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

  /**
   * The local KMS provider's key file (key {@code keys}), generated once by the operator and never
   * overwritten: replacing it would make the tenant's Secrets unreadable.
   */
  public static String kmsKeySecret(TenantCluster tenant) {
    return tenant.getMetadata().getName() + "-kms-key";
  }

  /** The Vault token of the KMS plugin (key {@code token}) when the jurisdiction names none. */
  public static String kmsVaultTokenSecret(TenantCluster tenant) {
    return tenant.getMetadata().getName() + "-kms-vault-token";
  }

  public static String serviceAccountKeySecret(TenantCluster tenant) {
    return tenant.getMetadata().getName() + "-sa-keys";
  }

  /** The syncer's client of the tenant API ({@code CN=enclave:syncer}). */
  public static String syncerKubeconfigSecret(TenantCluster tenant) {
    return tenant.getMetadata().getName() + "-syncer-kubeconfig";
  }

  /** CoreDNS's read-only client of the tenant API ({@code CN=enclave:coredns}). */
  public static String corednsKubeconfigSecret(TenantCluster tenant) {
    return tenant.getMetadata().getName() + "-coredns-kubeconfig";
  }

  public static String adminKubeconfigSecret(TenantCluster tenant) {
    return tenant.getMetadata().getName() + "-admin-kubeconfig";
  }

  /** The operator's bootstrap kubeconfig ({@code system:masters}); read by the operator only. */
  public static String bootstrapKubeconfigSecret(TenantCluster tenant) {
    return tenant.getMetadata().getName() + "-operator-bootstrap-kubeconfig";
  }

  /** Credentials for the tenant's own database or etcd prefix in a shared DataStore. */
  public static String dataStoreCredentialsSecret(TenantCluster tenant) {
    return tenant.getMetadata().getName() + "-datastore";
  }
}
