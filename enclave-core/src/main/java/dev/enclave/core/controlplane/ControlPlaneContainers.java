package dev.enclave.core.controlplane;

import static dev.enclave.core.controlplane.ControlPlaneVolume.APISERVER_TLS;
import static dev.enclave.core.controlplane.ControlPlaneVolume.AUDIT_POLICY;
import static dev.enclave.core.controlplane.ControlPlaneVolume.AUDIT_WEBHOOK;
import static dev.enclave.core.controlplane.ControlPlaneVolume.CA;
import static dev.enclave.core.controlplane.ControlPlaneVolume.CONTROLLER_MANAGER_KUBECONFIG;
import static dev.enclave.core.controlplane.ControlPlaneVolume.DATASTORE_CREDENTIALS;
import static dev.enclave.core.controlplane.ControlPlaneVolume.ENCRYPTION;
import static dev.enclave.core.controlplane.ControlPlaneVolume.ETCD_CA;
import static dev.enclave.core.controlplane.ControlPlaneVolume.ETCD_CLIENT_TLS;
import static dev.enclave.core.controlplane.ControlPlaneVolume.ETCD_DATA;
import static dev.enclave.core.controlplane.ControlPlaneVolume.ETCD_SERVER_TLS;
import static dev.enclave.core.controlplane.ControlPlaneVolume.SCHEDULER_KUBECONFIG;
import static dev.enclave.core.controlplane.ControlPlaneVolume.SERVICE_ACCOUNT_KEYS;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The containers of a control-plane pod. Every container runs with the restricted security context
 * and sets requests and limits for CPU and memory, so a tenant quota on either never rejects it.
 * The controller-manager and scheduler have no HTTP probes: they serve on loopback only (CIS 1.3.7,
 * 1.4.2), which the kubelet cannot reach, and they exit when they lose their lease.
 */
public final class ControlPlaneContainers {
  public static final String API_SERVER = "kube-apiserver";
  public static final String CONTROLLER_MANAGER = "kube-controller-manager";
  public static final String SCHEDULER = "kube-scheduler";
  public static final String ETCD = "etcd";
  public static final String KINE = "kine";
  public static final String KMS_PLUGIN = "kms-plugin";

  private ControlPlaneContainers() {}

  public static Container apiServer(ControlPlaneModel model) {
    List<VolumeMount> mounts = new ArrayList<>();
    mounts.add(CA.mount());
    mounts.add(APISERVER_TLS.mount());
    mounts.add(SERVICE_ACCOUNT_KEYS.mount());
    if (model.store() != ControlPlaneModel.Store.POSTGRESQL) {
      mounts.add(ETCD_CA.mount());
      mounts.add(ETCD_CLIENT_TLS.mount());
    }
    mounts.add(AUDIT_POLICY.mount());
    if (model.auditSink().isPresent()) {
      mounts.add(AUDIT_WEBHOOK.mount());
    }
    mounts.add(ENCRYPTION.mount());
    mounts.add(ControlPlaneVolumes.kmsSocketMount(model));
    return base(API_SERVER, Images.apiServer(model), resources("250m", "512Mi", "2", "2Gi"))
        .withCommand(API_SERVER)
        .withArgs(ApiServerFlags.of(model).toArgs())
        .addNewPort()
        .withName("https")
        .withContainerPort(ApiServerFlags.SECURE_PORT)
        .withProtocol("TCP")
        .endPort()
        .withStartupProbe(tcp(ApiServerFlags.SECURE_PORT, 30))
        .withLivenessProbe(tcp(ApiServerFlags.SECURE_PORT, 8))
        .withReadinessProbe(tcp(ApiServerFlags.SECURE_PORT, 3))
        .withVolumeMounts(mounts)
        .build();
  }

  public static Container controllerManager(ControlPlaneModel model) {
    return base(
            CONTROLLER_MANAGER,
            Images.controllerManager(model),
            resources("100m", "256Mi", "1", "1Gi"))
        .withCommand(CONTROLLER_MANAGER)
        .withArgs(ControllerManagerFlags.of(model).toArgs())
        .withVolumeMounts(
            CA.mount(), SERVICE_ACCOUNT_KEYS.mount(), CONTROLLER_MANAGER_KUBECONFIG.mount())
        .build();
  }

  public static Container scheduler(ControlPlaneModel model) {
    return base(SCHEDULER, Images.scheduler(model), resources("50m", "128Mi", "500m", "512Mi"))
        .withCommand(SCHEDULER)
        .withArgs(SchedulerFlags.of(model).toArgs())
        .withVolumeMounts(SCHEDULER_KUBECONFIG.mount())
        .build();
  }

  public static Container etcd(ControlPlaneModel model) {
    return base(ETCD, Images.etcd(model), resources("100m", "256Mi", "1", "2Gi"))
        .withCommand(ETCD)
        .withArgs(EtcdFlags.of(model).toArgs())
        .withEnv(
            new EnvVarBuilder()
                .withName(EtcdFlags.POD_NAME_ENV)
                .withNewValueFrom()
                .withNewFieldRef()
                .withFieldPath("metadata.name")
                .endFieldRef()
                .endValueFrom()
                .build())
        .addNewPort()
        .withName("etcd-client")
        .withContainerPort(EtcdFlags.CLIENT_PORT)
        .withProtocol("TCP")
        .endPort()
        .addNewPort()
        .withName("etcd-peer")
        .withContainerPort(EtcdFlags.PEER_PORT)
        .withProtocol("TCP")
        .endPort()
        .withLivenessProbe(http("/health?serializable=true", EtcdFlags.METRICS_PORT, 8))
        .withVolumeMounts(ETCD_DATA.mount(), ETCD_CA.mount(), ETCD_SERVER_TLS.mount())
        .build();
  }

  public static Container kine(ControlPlaneModel model) {
    String secret = HostNames.dataStoreCredentialsSecret(model.tenant());
    return base(KINE, Images.kine(model), resources("50m", "64Mi", "500m", "256Mi"))
        .withArgs(KineFlags.of(model).toArgs())
        .withEnv(
            fromSecret(KineFlags.DATABASE_ENV, secret, KineFlags.DATABASE_KEY),
            fromSecret(KineFlags.PASSWORD_ENV, secret, KineFlags.PASSWORD_KEY),
            fromSecret(KineFlags.USERNAME_ENV, secret, KineFlags.USERNAME_KEY))
        .withVolumeMounts(DATASTORE_CREDENTIALS.mount())
        .build();
  }

  /**
   * The KMS plugin's JVM options: the client compiler only, and the serial collector. The plugin
   * answers a handful of calls a minute (KMS v2 wraps one seed per key rotation, not one key per
   * write), so the optimising compiler never pays back the CPU it spends while the pod starts; the
   * API server waits for this socket, and on 2 cores beside other tenants the default JVM took
   * 0.87 s of CPU to serve it, these options 0.5 s (bench/README.md, tenant-startup).
   */
  public static final String KMS_PLUGIN_JAVA_OPTIONS = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC";

  /**
   * Serves the jurisdiction's KMS v2 socket inside the pod, so no hostPath is needed. A native
   * sidecar (an init container with {@code restartPolicy: Always}): the kubelet starts it first and
   * starts the API server only once its startup probe passes, so the API server finds the socket
   * serving instead of backing off from a missing one (about 2 s at every start, bench/README.md),
   * and the kubelet keeps restarting it beside the other containers as it would a container.
   */
  public static Container kmsPlugin(ControlPlaneModel model) {
    return base(KMS_PLUGIN, Images.kmsPlugin(model), resources("20m", "32Mi", "200m", "128Mi"))
        .withRestartPolicy("Always")
        .withArgs(KmsPluginFlags.of(model).toArgs())
        .withEnv(
            new EnvVarBuilder()
                .withName("JAVA_TOOL_OPTIONS")
                .withValue(KMS_PLUGIN_JAVA_OPTIONS)
                .build())
        .addNewPort()
        .withName("kms-health")
        .withContainerPort(KmsPluginFlags.HEALTH_PORT)
        .withProtocol("TCP")
        .endPort()
        .withStartupProbe(sidecarStartup("/healthz", KmsPluginFlags.HEALTH_PORT))
        .withLivenessProbe(http("/healthz", KmsPluginFlags.HEALTH_PORT, 3))
        .withVolumeMounts(KmsPluginFlags.mounts(model))
        .build();
  }

  static ContainerBuilder base(String name, String image, ResourceRequirements resources) {
    return new ContainerBuilder()
        .withName(name)
        .withImage(image)
        .withImagePullPolicy("IfNotPresent")
        .withResources(resources)
        .withSecurityContext(SecurityContexts.container());
  }

  static ResourceRequirements resources(
      String cpuRequest, String memoryRequest, String cpuLimit, String memoryLimit) {
    return new ResourceRequirementsBuilder()
        .withRequests(quantities(cpuRequest, memoryRequest))
        .withLimits(quantities(cpuLimit, memoryLimit))
        .build();
  }

  private static Map<String, Quantity> quantities(String cpu, String memory) {
    Map<String, Quantity> map = new TreeMap<>();
    map.put("cpu", new Quantity(cpu));
    map.put("memory", new Quantity(memory));
    return map;
  }

  /**
   * A TCP probe: with {@code --anonymous-auth=false} the kubelet's unauthenticated HTTPS probes
   * would get 401 and restart the pod forever.
   */
  private static Probe tcp(int port, int failureThreshold) {
    return new ProbeBuilder()
        .withNewTcpSocket()
        .withPort(new IntOrString(port))
        .endTcpSocket()
        .withPeriodSeconds(10)
        .withTimeoutSeconds(5)
        .withFailureThreshold(failureThreshold)
        .build();
  }

  /**
   * The startup probe of a native sidecar, which holds back every container after it: probed each
   * second, for at most a minute.
   */
  private static Probe sidecarStartup(String path, int port) {
    Probe probe = http(path, port, 60);
    probe.setPeriodSeconds(1);
    probe.setTimeoutSeconds(1);
    return probe;
  }

  static Probe http(String path, int port, int failureThreshold) {
    return probe(path, port, "HTTP", failureThreshold);
  }

  private static Probe probe(String path, int port, String scheme, int failureThreshold) {
    return new ProbeBuilder()
        .withNewHttpGet()
        .withPath(path)
        .withPort(new IntOrString(port))
        .withScheme(scheme)
        .endHttpGet()
        .withPeriodSeconds(10)
        .withTimeoutSeconds(5)
        .withFailureThreshold(failureThreshold)
        .build();
  }

  private static EnvVar fromSecret(String env, String secret, String key) {
    return new EnvVarBuilder()
        .withName(env)
        .withNewValueFrom()
        .withNewSecretKeyRef()
        .withName(secret)
        .withKey(key)
        .endSecretKeyRef()
        .endValueFrom()
        .build();
  }
}
