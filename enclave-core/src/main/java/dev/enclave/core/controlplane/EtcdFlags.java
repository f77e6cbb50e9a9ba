package dev.enclave.core.controlplane;

import static dev.enclave.core.controlplane.ControlPlaneVolume.CA_CERT;
import static dev.enclave.core.controlplane.ControlPlaneVolume.ETCD_CA;
import static dev.enclave.core.controlplane.ControlPlaneVolume.ETCD_DATA;
import static dev.enclave.core.controlplane.ControlPlaneVolume.ETCD_SERVER_TLS;
import static dev.enclave.core.controlplane.ControlPlaneVolume.TLS_CERT;
import static dev.enclave.core.controlplane.ControlPlaneVolume.TLS_KEY;

import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Flags of the embedded etcd (CIS section 2): client and peer TLS with certificate authentication
 * against the tenant's etcd CA, which is separate from the cluster CA, and no self-signed
 * certificates. A single member serves clients on loopback only; members of an HA control plane
 * also serve the other members' API servers, and find each other through the headless Service.
 */
public final class EtcdFlags {
  public static final int CLIENT_PORT = 2379;
  public static final int PEER_PORT = 2380;

  /** Plain-HTTP health and metrics, for the kubelet's probe; no keys are served there. */
  public static final int METRICS_PORT = 2381;

  /** Set from the pod name by the downward API. */
  public static final String POD_NAME_ENV = "POD_NAME";

  public static final String DATA_DIR = ETCD_DATA.mountPath() + "/data";

  private EtcdFlags() {}

  public static Flags of(ControlPlaneModel model) {
    String self = "$(" + POD_NAME_ENV + ")";
    String selfHost = self + "." + domain(model);
    return new Flags()
        .set("name", self)
        .set("data-dir", DATA_DIR)
        .set("listen-client-urls", clientUrls(model))
        .set(
            "advertise-client-urls",
            "https://" + advertisedClientHost(model, selfHost) + ":" + CLIENT_PORT)
        .set("listen-peer-urls", "https://0.0.0.0:" + PEER_PORT)
        .set("initial-advertise-peer-urls", "https://" + selfHost + ":" + PEER_PORT)
        .set("initial-cluster", initialCluster(model))
        .set("initial-cluster-state", "new")
        .set("initial-cluster-token", HostNames.hostNamespace(model.tenant()))
        .set("listen-metrics-urls", "http://0.0.0.0:" + METRICS_PORT)
        .set("cert-file", ETCD_SERVER_TLS.file(TLS_CERT))
        .set("key-file", ETCD_SERVER_TLS.file(TLS_KEY))
        .set("trusted-ca-file", ETCD_CA.file(CA_CERT))
        .set("client-cert-auth", true)
        .set("auto-tls", false)
        .set("peer-cert-file", ETCD_SERVER_TLS.file(TLS_CERT))
        .set("peer-key-file", ETCD_SERVER_TLS.file(TLS_KEY))
        .set("peer-trusted-ca-file", ETCD_CA.file(CA_CERT))
        .set("peer-client-cert-auth", true)
        .set("peer-auto-tls", false)
        .set("cipher-suites", String.join(",", ApiServerFlags.CIPHER_SUITES));
  }

  /** The stable DNS name of member {@code ordinal}. */
  public static String memberHost(ControlPlaneModel model, int ordinal) {
    return HostNames.controlPlane(model.tenant()) + "-" + ordinal + "." + domain(model);
  }

  private static String domain(ControlPlaneModel model) {
    return HostNames.headlessService(model.tenant())
        + "."
        + HostNames.hostNamespace(model.tenant())
        + ".svc";
  }

  /**
   * Whether an embedded etcd of {@code members} serves clients on its pod address (the other
   * members' API servers need it); a single member serves its pod's loopback only.
   */
  public static boolean servesPodAddress(int members) {
    return members > 1;
  }

  private static String clientUrls(ControlPlaneModel model) {
    return servesPodAddress(model.replicas())
        ? "https://0.0.0.0:" + CLIENT_PORT
        : "https://127.0.0.1:" + CLIENT_PORT;
  }

  private static String advertisedClientHost(ControlPlaneModel model, String selfHost) {
    return servesPodAddress(model.replicas()) ? selfHost : "127.0.0.1";
  }

  private static String initialCluster(ControlPlaneModel model) {
    String name = HostNames.controlPlane(model.tenant());
    return IntStream.range(0, model.replicas())
        .mapToObj(i -> name + "-" + i + "=https://" + memberHost(model, i) + ":" + PEER_PORT)
        .collect(Collectors.joining(","));
  }
}
