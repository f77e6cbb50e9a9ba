package dev.enclave.core.controlplane;

import static dev.enclave.core.controlplane.ControlPlaneVolume.KUBECONFIG;
import static dev.enclave.core.controlplane.ControlPlaneVolume.SCHEDULER_KUBECONFIG;

/** kube-scheduler flags (CIS 1.4): no profiling, serving on loopback only. */
public final class SchedulerFlags {
  public static final int SECURE_PORT = 10259;

  private SchedulerFlags() {}

  public static Flags of(ControlPlaneModel model) {
    String kubeconfig = SCHEDULER_KUBECONFIG.file(KUBECONFIG);
    return new Flags()
        .set("profiling", false)
        .set("bind-address", "127.0.0.1")
        .set("secure-port", SECURE_PORT)
        .set("kubeconfig", kubeconfig)
        .set("authentication-kubeconfig", kubeconfig)
        .set("authorization-kubeconfig", kubeconfig)
        .set("leader-elect", true)
        .set("tls-min-version", "VersionTLS12")
        .set("tls-cipher-suites", String.join(",", ApiServerFlags.CIPHER_SUITES));
  }
}
