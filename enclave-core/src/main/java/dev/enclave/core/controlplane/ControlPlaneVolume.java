package dev.enclave.core.controlplane;

import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;

/**
 * The volumes of a control-plane pod and where containers mount them. Secrets are referenced by
 * name only ({@link HostNames}); the operator creates them in-cluster, never the renderer.
 */
public enum ControlPlaneVolume {
  CA("ca", "/etc/kubernetes/pki/ca"),
  APISERVER_TLS("apiserver-tls", "/etc/kubernetes/pki/apiserver"),
  SERVICE_ACCOUNT_KEYS("sa-keys", "/etc/kubernetes/pki/sa"),
  ETCD_CA("etcd-ca", "/etc/kubernetes/pki/etcd-ca"),
  ETCD_CLIENT_TLS("etcd-client-tls", "/etc/kubernetes/pki/etcd-client"),
  ETCD_SERVER_TLS("etcd-server-tls", "/etc/kubernetes/pki/etcd-server"),
  ETCD_DATA("etcd-data", "/var/lib/etcd"),
  CONTROLLER_MANAGER_KUBECONFIG(
      "controller-manager-kubeconfig", "/etc/kubernetes/controller-manager"),
  SCHEDULER_KUBECONFIG("scheduler-kubeconfig", "/etc/kubernetes/scheduler"),
  AUDIT_POLICY("audit-policy", "/etc/kubernetes/audit"),
  AUDIT_WEBHOOK("audit-webhook", "/etc/kubernetes/audit-webhook"),
  ENCRYPTION("encryption", "/etc/kubernetes/encryption"),
  KMS_SOCKET("kms-socket", "/var/run/kmsplugin"),
  KMS_KEY("kms-key", "/etc/enclave/kms"),
  KMS_VAULT_TOKEN("kms-vault-token", "/etc/enclave/kms-vault"),
  DATASTORE_CREDENTIALS("datastore-credentials", "/etc/kine/datastore"),
  SYNCER_KUBECONFIG("syncer-kubeconfig", "/etc/enclave/syncer"),
  SYNC_POLICY("sync-policy", "/etc/enclave/sync-policy"),
  /** The syncer's host token, CA and namespace, where in-cluster clients look for them. */
  SYNCER_HOST_TOKEN("syncer-host-token", "/var/run/secrets/kubernetes.io/serviceaccount"),
  SYNCER_TMP("syncer-tmp", "/tmp"),
  COREDNS_CONFIG("coredns-config", "/etc/coredns"),
  COREDNS_KUBECONFIG("coredns-kubeconfig", "/etc/coredns-kubeconfig");

  /** Keys inside the referenced Secrets and ConfigMaps. */
  public static final String CA_CERT = "ca.crt";

  public static final String TLS_CERT = "tls.crt";
  public static final String TLS_KEY = "tls.key";
  public static final String SA_PUBLIC_KEY = "sa.pub";
  public static final String SA_PRIVATE_KEY = "sa.key";
  public static final String KUBECONFIG = "kubeconfig";
  public static final String CONFIG = "config.yaml";
  public static final String AUDIT_POLICY_FILE = "policy.yaml";
  public static final String COREFILE = "Corefile";
  /** The local KMS key file: one base64 key per line, the current first. */
  public static final String KMS_KEYS = "keys";
  public static final String VAULT_TOKEN = "token";

  private final String volumeName;
  private final String mountPath;

  ControlPlaneVolume(String volumeName, String mountPath) {
    this.volumeName = volumeName;
    this.mountPath = mountPath;
  }

  public String volumeName() {
    return volumeName;
  }

  public String mountPath() {
    return mountPath;
  }

  /** The path of {@code key} inside this volume's mount. */
  public String file(String key) {
    return mountPath + "/" + key;
  }

  /** A read-only mount; only etcd data, the KMS socket and scratch directories are writable. */
  public VolumeMount mount() {
    boolean writable = this == ETCD_DATA || this == KMS_SOCKET || this == SYNCER_TMP;
    return new VolumeMountBuilder()
        .withName(volumeName)
        .withMountPath(mountPath)
        .withReadOnly(writable ? null : true)
        .build();
  }
}
