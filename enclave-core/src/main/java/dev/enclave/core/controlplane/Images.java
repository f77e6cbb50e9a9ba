package dev.enclave.core.controlplane;

/**
 * Control-plane images, all pulled from the jurisdiction's first registry, which mirrors the
 * upstream images under their upstream names. Tags other than Kubernetes' own are pinned here:
 * etcd and kine are the releases testbed/versions.env pins, CoreDNS the release kubeadm pins for
 * Kubernetes 1.37.
 */
public final class Images {
  public static final String ETCD_TAG = "3.6.17-0";
  public static final String KINE_TAG = "v0.17.5";
  public static final String KMS_PLUGIN_TAG = "v0.1.0";
  public static final String COREDNS_TAG = "v1.14.6";

  /** Enclave's own release; the syncer image is tagged with it, like the operator's. */
  public static final String ENCLAVE_VERSION = "0.1.0";

  private Images() {}

  public static String apiServer(ControlPlaneModel model) {
    return model.image("kube-apiserver", "v" + model.kubernetesVersion());
  }

  public static String controllerManager(ControlPlaneModel model) {
    return model.image("kube-controller-manager", "v" + model.controllerVersion());
  }

  public static String scheduler(ControlPlaneModel model) {
    return model.image("kube-scheduler", "v" + model.controllerVersion());
  }

  public static String etcd(ControlPlaneModel model) {
    return model.image("etcd", ETCD_TAG);
  }

  public static String kine(ControlPlaneModel model) {
    return model.image("kine", KINE_TAG);
  }

  public static String kmsPlugin(ControlPlaneModel model) {
    return model.image("kms-plugin", KMS_PLUGIN_TAG);
  }

  public static String syncer(ControlPlaneModel model) {
    return model.image("enclave-syncer", ENCLAVE_VERSION);
  }

  public static String coredns(ControlPlaneModel model) {
    return model.image("coredns", COREDNS_TAG);
  }
}
