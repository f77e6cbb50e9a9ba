package dev.enclave.core.controlplane;

import static dev.enclave.core.controlplane.ControlPlaneVolume.APISERVER_TLS;
import static dev.enclave.core.controlplane.ControlPlaneVolume.AUDIT_POLICY;
import static dev.enclave.core.controlplane.ControlPlaneVolume.AUDIT_POLICY_FILE;
import static dev.enclave.core.controlplane.ControlPlaneVolume.AUDIT_WEBHOOK;
import static dev.enclave.core.controlplane.ControlPlaneVolume.AUTHENTICATION;
import static dev.enclave.core.controlplane.ControlPlaneVolume.CA;
import static dev.enclave.core.controlplane.ControlPlaneVolume.CA_CERT;
import static dev.enclave.core.controlplane.ControlPlaneVolume.CONFIG;
import static dev.enclave.core.controlplane.ControlPlaneVolume.ENCRYPTION;
import static dev.enclave.core.controlplane.ControlPlaneVolume.ETCD_CA;
import static dev.enclave.core.controlplane.ControlPlaneVolume.ETCD_CLIENT_TLS;
import static dev.enclave.core.controlplane.ControlPlaneVolume.KUBECONFIG;
import static dev.enclave.core.controlplane.ControlPlaneVolume.SA_PRIVATE_KEY;
import static dev.enclave.core.controlplane.ControlPlaneVolume.SA_PUBLIC_KEY;
import static dev.enclave.core.controlplane.ControlPlaneVolume.SERVICE_ACCOUNT_KEYS;
import static dev.enclave.core.controlplane.ControlPlaneVolume.TLS_CERT;
import static dev.enclave.core.controlplane.ControlPlaneVolume.TLS_KEY;

import dev.enclave.core.controlplane.ControlPlaneModel.Store;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * kube-apiserver flags hardened along the CIS Kubernetes Benchmark (section 1.2).
 *
 * <p>Anonymous requests are limited to the health endpoints by the structured authentication
 * configuration ({@link AuthenticationConfigBuilder}) instead of {@code --anonymous-auth=false}:
 * the kubelet probes {@code /livez} and {@code /readyz} without credentials, and the two settings
 * are mutually exclusive. No {@code --kubelet-*} flags: a tenant cluster has no kubelets, the
 * syncer runs its pods on host nodes. Audit events go to the jurisdiction's sink by webhook only,
 * so they never reach the host's log pipeline; without a sink they go to stdout. No rotated audit
 * log file: the root filesystem is read-only and a pod-local file dies with the pod, so retention
 * is the sink's job.
 */
public final class ApiServerFlags {
  public static final int SECURE_PORT = 6443;
  public static final String SERVICE_CLUSTER_IP_RANGE = "10.96.0.0/12";

  /** TLS 1.2 suites with forward secrecy and AEAD only; TLS 1.3 suites are not configurable. */
  public static final List<String> CIPHER_SUITES =
      List.of(
          "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
          "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
          "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
          "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
          "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
          "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

  private ApiServerFlags() {}

  public static Flags of(ControlPlaneModel model) {
    Flags flags =
        new Flags()
            .set("authentication-config", AUTHENTICATION.file(CONFIG))
            .set("authorization-mode", "Node,RBAC")
            .set("enable-admission-plugins", "NodeRestriction")
            .set("profiling", false)
            .set("secure-port", SECURE_PORT)
            .set("bind-address", "0.0.0.0")
            .set("request-timeout", "60s")
            .set("service-cluster-ip-range", SERVICE_CLUSTER_IP_RANGE)
            .set("client-ca-file", CA.file(CA_CERT))
            .set("tls-cert-file", APISERVER_TLS.file(TLS_CERT))
            .set("tls-private-key-file", APISERVER_TLS.file(TLS_KEY))
            .set("tls-min-version", "VersionTLS12")
            .set("tls-cipher-suites", String.join(",", CIPHER_SUITES))
            .set("service-account-issuer", HostNames.serviceAccountIssuer(model.tenant()))
            .set("service-account-key-file", SERVICE_ACCOUNT_KEYS.file(SA_PUBLIC_KEY))
            .set("service-account-signing-key-file", SERVICE_ACCOUNT_KEYS.file(SA_PRIVATE_KEY))
            .set("service-account-lookup", true)
            .set("encryption-provider-config", ENCRYPTION.file(CONFIG))
            .set("encryption-provider-config-automatic-reload", true)
            .set("audit-policy-file", AUDIT_POLICY.file(AUDIT_POLICY_FILE));
    audit(model, flags);
    storage(model, flags);
    return flags;
  }

  private static void audit(ControlPlaneModel model, Flags flags) {
    if (model.auditSink().isPresent()) {
      flags
          .set("audit-webhook-config-file", AUDIT_WEBHOOK.file(KUBECONFIG))
          .set("audit-webhook-mode", "batch");
    } else {
      flags.set("audit-log-path", "-");
    }
  }

  private static void storage(ControlPlaneModel model, Flags flags) {
    if (model.store() == Store.POSTGRESQL) {
      // kine listens on the pod's loopback only; no other pod can reach it.
      flags.set("etcd-servers", "http://" + KineFlags.LISTEN_ADDRESS);
      return;
    }
    flags
        .set("etcd-servers", etcdServers(model))
        .set("etcd-cafile", ETCD_CA.file(CA_CERT))
        .set("etcd-certfile", ETCD_CLIENT_TLS.file(TLS_CERT))
        .set("etcd-keyfile", ETCD_CLIENT_TLS.file(TLS_KEY));
    if (model.store() == Store.EXTERNAL_ETCD) {
      flags.set("etcd-prefix", HostNames.etcdPrefix(model.tenant()));
    }
  }

  private static String etcdServers(ControlPlaneModel model) {
    if (model.store() == Store.EXTERNAL_ETCD) {
      return model.dataStoreEndpoints().stream()
          .map(e -> e.startsWith("https://") ? e : "https://" + e)
          .collect(Collectors.joining(","));
    }
    if (!model.highlyAvailable()) {
      return "https://127.0.0.1:" + EtcdFlags.CLIENT_PORT;
    }
    return IntStream.range(0, model.replicas())
        .mapToObj(i -> "https://" + EtcdFlags.memberHost(model, i) + ":" + EtcdFlags.CLIENT_PORT)
        .collect(Collectors.joining(","));
  }
}
