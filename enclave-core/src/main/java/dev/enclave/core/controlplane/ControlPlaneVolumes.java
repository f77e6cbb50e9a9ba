package dev.enclave.core.controlplane;

import static dev.enclave.core.controlplane.ControlPlaneVolume.APISERVER_TLS;
import static dev.enclave.core.controlplane.ControlPlaneVolume.AUDIT_POLICY;
import static dev.enclave.core.controlplane.ControlPlaneVolume.AUDIT_WEBHOOK;
import static dev.enclave.core.controlplane.ControlPlaneVolume.CA;
import static dev.enclave.core.controlplane.ControlPlaneVolume.CA_CERT;
import static dev.enclave.core.controlplane.ControlPlaneVolume.CONTROLLER_MANAGER_KUBECONFIG;
import static dev.enclave.core.controlplane.ControlPlaneVolume.COREDNS_CONFIG;
import static dev.enclave.core.controlplane.ControlPlaneVolume.COREDNS_KUBECONFIG;
import static dev.enclave.core.controlplane.ControlPlaneVolume.DATASTORE_CREDENTIALS;
import static dev.enclave.core.controlplane.ControlPlaneVolume.ENCRYPTION;
import static dev.enclave.core.controlplane.ControlPlaneVolume.ETCD_CA;
import static dev.enclave.core.controlplane.ControlPlaneVolume.ETCD_CLIENT_TLS;
import static dev.enclave.core.controlplane.ControlPlaneVolume.ETCD_SERVER_TLS;
import static dev.enclave.core.controlplane.ControlPlaneVolume.KMS_SOCKET;
import static dev.enclave.core.controlplane.ControlPlaneVolume.KUBECONFIG;
import static dev.enclave.core.controlplane.ControlPlaneVolume.SA_PRIVATE_KEY;
import static dev.enclave.core.controlplane.ControlPlaneVolume.SA_PUBLIC_KEY;
import static dev.enclave.core.controlplane.ControlPlaneVolume.SCHEDULER_KUBECONFIG;
import static dev.enclave.core.controlplane.ControlPlaneVolume.SERVICE_ACCOUNT_KEYS;
import static dev.enclave.core.controlplane.ControlPlaneVolume.SYNCER_HOST_TOKEN;
import static dev.enclave.core.controlplane.ControlPlaneVolume.SYNCER_KUBECONFIG;
import static dev.enclave.core.controlplane.ControlPlaneVolume.SYNCER_TMP;
import static dev.enclave.core.controlplane.ControlPlaneVolume.SYNC_POLICY;
import static dev.enclave.core.controlplane.ControlPlaneVolume.TLS_CERT;
import static dev.enclave.core.controlplane.ControlPlaneVolume.TLS_KEY;

import dev.enclave.api.v1alpha1.TenantCluster;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.KeyToPathBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The pod volumes of the control plane. Secret volumes project only the keys a container needs, so
 * the CA's private key is never mounted. etcd data comes from a volumeClaimTemplate instead.
 */
public final class ControlPlaneVolumes {
  /** Owner and group read: files belong to the pod's fsGroup. */
  private static final int READ_ONLY_MODE = 0440;

  /** The file names in-cluster clients read, and the ConfigMap every namespace gets. */
  static final String HOST_TOKEN = "token";

  static final String HOST_NAMESPACE = "namespace";
  static final String HOST_ROOT_CA_CONFIG_MAP = "kube-root-ca.crt";

  /** What the kubelet uses for automounted tokens: an hour plus a little jitter. */
  static final long HOST_TOKEN_SECONDS = 3607L;

  private ControlPlaneVolumes() {}

  public static List<Volume> forPod(ControlPlaneModel model) {
    TenantCluster t = model.tenant();
    List<Volume> volumes = new ArrayList<>();
    volumes.add(secret(CA, HostNames.caSecret(t), CA_CERT));
    volumes.add(secret(APISERVER_TLS, HostNames.apiServerCertSecret(t), TLS_CERT, TLS_KEY));
    volumes.add(
        secret(
            SERVICE_ACCOUNT_KEYS,
            HostNames.serviceAccountKeySecret(t),
            SA_PUBLIC_KEY,
            SA_PRIVATE_KEY));
    if (model.store() == ControlPlaneModel.Store.EMBEDDED_ETCD) {
      volumes.add(secret(ETCD_CA, HostNames.etcdCaSecret(t), CA_CERT));
      volumes.add(secret(ETCD_CLIENT_TLS, HostNames.etcdCertSecret(t), TLS_CERT, TLS_KEY));
    }
    if (model.store() == ControlPlaneModel.Store.EXTERNAL_ETCD) {
      // The shared store's CA and the tenant's client certificate, issued when it was provisioned.
      volumes.add(secret(ETCD_CA, HostNames.dataStoreCredentialsSecret(t), CA_CERT));
      volumes.add(secret(ETCD_CLIENT_TLS, HostNames.dataStoreCredentialsSecret(t), TLS_CERT, TLS_KEY));
    }
    if (model.store() == ControlPlaneModel.Store.EMBEDDED_ETCD) {
      volumes.add(secret(ETCD_SERVER_TLS, HostNames.etcdServerCertSecret(t), TLS_CERT, TLS_KEY));
    }
    if (model.store() == ControlPlaneModel.Store.POSTGRESQL) {
      volumes.add(secret(DATASTORE_CREDENTIALS, HostNames.dataStoreCredentialsSecret(t), CA_CERT));
    }
    volumes.add(
        secret(
            CONTROLLER_MANAGER_KUBECONFIG,
            HostNames.controllerManagerKubeconfigSecret(t),
            KUBECONFIG));
    if (model.scheduler()) {
      volumes.add(secret(SCHEDULER_KUBECONFIG, HostNames.schedulerKubeconfigSecret(t), KUBECONFIG));
    }
    volumes.add(configMap(AUDIT_POLICY, HostNames.auditPolicyConfigMap(t)));
    if (model.auditSink().isPresent()) {
      volumes.add(configMap(AUDIT_WEBHOOK, HostNames.auditWebhookConfigMap(t)));
    }
    volumes.add(configMap(ENCRYPTION, HostNames.encryptionConfigMap(t)));
    volumes.add(emptyDir(KMS_SOCKET));
    KmsPluginFlags.secretVolume(model)
        .ifPresent(v -> volumes.add(secret(v.volume(), v.secretName(), v.key())));
    volumes.add(secret(SYNCER_KUBECONFIG, HostNames.syncerKubeconfigSecret(t), KUBECONFIG));
    volumes.add(configMap(SYNC_POLICY, HostNames.syncPolicyConfigMap(t)));
    volumes.add(syncerHostToken());
    volumes.add(emptyDir(SYNCER_TMP));
    return volumes;
  }

  /** The CoreDNS pod's volumes: its Corefile and its kubeconfig for the tenant API. */
  public static List<Volume> forCoredns(ControlPlaneModel model) {
    TenantCluster t = model.tenant();
    return List.of(
        configMap(COREDNS_CONFIG, HostNames.coredns(t)),
        secret(COREDNS_KUBECONFIG, HostNames.corednsKubeconfigSecret(t), KUBECONFIG));
  }

  /**
   * What the kubelet would automount, as a volume that only the syncer container mounts: a bound
   * token of the pod's ServiceAccount (rotated hourly), the host CA, the namespace. The pod keeps
   * {@code automountServiceAccountToken: false}, so no other container holds a host credential.
   */
  static Volume syncerHostToken() {
    return new VolumeBuilder()
        .withName(SYNCER_HOST_TOKEN.volumeName())
        .withNewProjected()
        .withDefaultMode(READ_ONLY_MODE)
        .addNewSource()
        .withNewServiceAccountToken()
        .withPath(HOST_TOKEN)
        .withExpirationSeconds(HOST_TOKEN_SECONDS)
        .endServiceAccountToken()
        .endSource()
        .addNewSource()
        .withNewConfigMap()
        .withName(HOST_ROOT_CA_CONFIG_MAP)
        .withItems(items(CA_CERT))
        .endConfigMap()
        .endSource()
        .addNewSource()
        .withNewDownwardAPI()
        .addNewItem()
        .withPath(HOST_NAMESPACE)
        .withNewFieldRef()
        .withApiVersion("v1")
        .withFieldPath("metadata.namespace")
        .endFieldRef()
        .endItem()
        .endDownwardAPI()
        .endSource()
        .endProjected()
        .build();
  }

  /** The mount of the KMS socket directory, wherever the jurisdiction's endpoint puts it. */
  public static VolumeMount kmsSocketMount(ControlPlaneModel model) {
    return new VolumeMountBuilder()
        .withName(KMS_SOCKET.volumeName())
        .withMountPath(model.kmsSocketDirectory())
        .build();
  }

  private static Volume secret(ControlPlaneVolume volume, String secretName, String... keys) {
    return new VolumeBuilder()
        .withName(volume.volumeName())
        .withNewSecret()
        .withSecretName(secretName)
        .withDefaultMode(READ_ONLY_MODE)
        .withItems(items(keys))
        .endSecret()
        .build();
  }

  private static Volume configMap(ControlPlaneVolume volume, String configMapName) {
    return new VolumeBuilder()
        .withName(volume.volumeName())
        .withNewConfigMap()
        .withName(configMapName)
        .withDefaultMode(READ_ONLY_MODE)
        .endConfigMap()
        .build();
  }

  private static Volume emptyDir(ControlPlaneVolume volume) {
    return new VolumeBuilder()
        .withName(volume.volumeName())
        .withNewEmptyDir()
        .endEmptyDir()
        .build();
  }

  private static List<KeyToPath> items(String... keys) {
    return Arrays.stream(keys)
        .map(k -> new KeyToPathBuilder().withKey(k).withPath(k).build())
        .toList();
  }
}
