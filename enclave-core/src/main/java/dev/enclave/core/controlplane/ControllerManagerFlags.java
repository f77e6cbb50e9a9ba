package dev.enclave.core.controlplane;

import static dev.enclave.core.controlplane.ControlPlaneVolume.CA;
import static dev.enclave.core.controlplane.ControlPlaneVolume.CA_CERT;
import static dev.enclave.core.controlplane.ControlPlaneVolume.CONTROLLER_MANAGER_KUBECONFIG;
import static dev.enclave.core.controlplane.ControlPlaneVolume.KUBECONFIG;
import static dev.enclave.core.controlplane.ControlPlaneVolume.SA_PRIVATE_KEY;
import static dev.enclave.core.controlplane.ControlPlaneVolume.SERVICE_ACCOUNT_KEYS;

/**
 * kube-controller-manager flags (CIS 1.3): no profiling, serving on loopback only, one service
 * account per controller. Controllers that manage nodes, their IP ranges, node TTLs and persistent
 * volumes are off (as in vCluster): a tenant cluster has no nodes of its own, the syncer places its
 * pods on host nodes and host storage binds its volumes. The CA's private key is not mounted, so
 * CertificateSigningRequests are not signed in the tenant.
 *
 * <p>{@code --authentication-tolerate-lookup-failure}: started beside its API server, the
 * controller-manager would otherwise exit while the API server's RBAC bootstrap is still running
 * (it may not yet read {@code kube-system/extension-apiserver-authentication}), and each exit takes
 * the control-plane pod out of its Service. With it, the request-header CA is loaded as soon as it
 * can be read; token and client-certificate authentication are unchanged.
 */
public final class ControllerManagerFlags {
  public static final int SECURE_PORT = 10257;
  /**
   * By the controllers' full names, which 1.36 and 1.37 both know; 1.37 dropped the short alias
   * {@code cloud-node-lifecycle} (and that controller: it only ran with an in-tree cloud provider).
   */
  public static final String CONTROLLERS =
      "*,-node-ipam-controller,-node-lifecycle-controller,"
          + "-persistentvolume-binder-controller,-persistentvolume-attach-detach-controller,"
          + "-persistentvolume-expander-controller,-ttl-controller";

  private ControllerManagerFlags() {}

  public static Flags of(ControlPlaneModel model) {
    String kubeconfig = CONTROLLER_MANAGER_KUBECONFIG.file(KUBECONFIG);
    return new Flags()
        .set("profiling", false)
        .set("bind-address", "127.0.0.1")
        .set("secure-port", SECURE_PORT)
        .set("use-service-account-credentials", true)
        .set("kubeconfig", kubeconfig)
        .set("authentication-kubeconfig", kubeconfig)
        .set("authorization-kubeconfig", kubeconfig)
        .set("authentication-tolerate-lookup-failure", true)
        .set("root-ca-file", CA.file(CA_CERT))
        .set("service-account-private-key-file", SERVICE_ACCOUNT_KEYS.file(SA_PRIVATE_KEY))
        .set("controllers", CONTROLLERS)
        .set("leader-elect", true)
        .set("tls-min-version", "VersionTLS12")
        .set("tls-cipher-suites", String.join(",", ApiServerFlags.CIPHER_SUITES));
  }
}
