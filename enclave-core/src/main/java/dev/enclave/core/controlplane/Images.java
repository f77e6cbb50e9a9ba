package dev.enclave.core.controlplane;

/**
 * Control-plane images, all pulled from the jurisdiction's first registry, which mirrors the
 * upstream images under their upstream names. Tags other than Kubernetes' own are pinned here.
 */
public final class Images {
  public static final String ETCD_TAG = "3.5.21-0";
  public static final String KINE_TAG = "v0.13.14";
  public static final String KMS_PLUGIN_TAG = "v0.1.0";

  private Images() {}

  public static String apiServer(ControlPlaneModel model) {
    return model.image("kube-apiserver", "v" + model.kubernetesVersion());
  }

  public static String controllerManager(ControlPlaneModel model) {
    return model.image("kube-controller-manager", "v" + model.kubernetesVersion());
  }

  public static String scheduler(ControlPlaneModel model) {
    return model.image("kube-scheduler", "v" + model.kubernetesVersion());
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
}
