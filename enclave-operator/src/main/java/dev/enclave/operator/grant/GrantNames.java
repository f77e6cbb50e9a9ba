package dev.enclave.operator.grant;

import dev.enclave.api.v1alpha1.AccessGrant;

/**
 * What an AccessGrant's objects are called: the user its certificate names, its ClusterRoleBinding
 * in the tenant cluster, and its kubeconfig Secret next to it.
 */
public final class GrantNames {
  /** Prefix of every grant's user: a tenant's own identities never start with it. */
  public static final String USER_PREFIX = "enclave-grant:";

  /** Prefix of every grant's ClusterRoleBinding in the tenant cluster. */
  public static final String BINDING_PREFIX = "enclave:grant:";

  private GrantNames() {}

  /** {@code enclave-grant:<namespace>:<name>}: unique per grant, as the certificate's CN. */
  public static String user(AccessGrant grant) {
    return USER_PREFIX + grant.getMetadata().getNamespace() + ":" + grant.getMetadata().getName();
  }

  /**
   * {@code enclave:grant:<name>}: a tenant's grants live in its namespace, so the name alone is
   * unique inside the tenant cluster.
   */
  public static String binding(AccessGrant grant) {
    return BINDING_PREFIX + grant.getMetadata().getName();
  }

  /** {@code <name>-kubeconfig}, in the grant's namespace. */
  public static String kubeconfigSecret(AccessGrant grant) {
    return grant.getMetadata().getName() + "-kubeconfig";
  }

  /** {@code namespace/<spec.tenantCluster>}: the TenantCluster the grant names. */
  public static String tenantKey(AccessGrant grant) {
    String name = grant.getSpec() == null ? null : grant.getSpec().getTenantCluster();
    return grant.getMetadata().getNamespace() + "/" + name;
  }

  /** {@code namespace/name}, as logs and messages name a grant. */
  public static String key(AccessGrant grant) {
    return grant.getMetadata().getNamespace() + "/" + grant.getMetadata().getName();
  }
}
