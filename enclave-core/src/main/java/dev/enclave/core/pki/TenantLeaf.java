package dev.enclave.core.pki;

/** The leaf certificates of one tenant cluster. */
public enum TenantLeaf {
  /** kube-apiserver's serving certificate, from the cluster CA. */
  API_SERVER,
  /** kube-apiserver's client certificate towards etcd, from the etcd CA. */
  API_SERVER_ETCD_CLIENT,
  /** etcd's serving and peer certificate, from the etcd CA. */
  ETCD,
  /** The tenant administrator's client certificate, from the cluster CA. */
  ADMIN,
  /** kube-controller-manager's client certificate, from the cluster CA. */
  CONTROLLER_MANAGER,
  /** kube-scheduler's client certificate, from the cluster CA. */
  SCHEDULER,
  /** The syncer's client certificate ({@code enclave:syncer}, group {@code enclave:syncers}). */
  SYNCER,
  /** CoreDNS's client certificate ({@code enclave:coredns}), read access to services only. */
  COREDNS,
  /**
   * The operator's bootstrap certificate, group {@code system:masters}: the only identity a new
   * tenant API server authorizes before any RBAC exists, used by the operator alone to create the
   * tenant's RBAC (as kubeadm's {@code super-admin.conf}). Kept in a host Secret no pod mounts.
   */
  BOOTSTRAP;

  /** Only etcd and its clients trust the etcd CA; a cluster-CA certificate cannot reach etcd. */
  public boolean issuedByEtcdCa() {
    return this == API_SERVER_ETCD_CLIENT || this == ETCD;
  }

  /**
   * Whether this client runs in the control-plane pod beside kube-apiserver, so it dials it at
   * {@code localhost}: through the Service it would wait for the very pod it is part of to be Ready.
   */
  public boolean inControlPlanePod() {
    return this == CONTROLLER_MANAGER || this == SCHEDULER || this == SYNCER;
  }

  /** Whether this leaf authenticates to the tenant's kube-apiserver, hence has a kubeconfig. */
  public boolean hasKubeconfig() {
    return !issuedByEtcdCa() && this != API_SERVER;
  }
}
