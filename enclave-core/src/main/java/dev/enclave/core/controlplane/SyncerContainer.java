package dev.enclave.core.controlplane;

import static dev.enclave.core.controlplane.ControlPlaneVolume.KUBECONFIG;
import static dev.enclave.core.controlplane.ControlPlaneVolume.SYNCER_HOST_TOKEN;
import static dev.enclave.core.controlplane.ControlPlaneVolume.SYNCER_KUBECONFIG;
import static dev.enclave.core.controlplane.ControlPlaneVolume.SYNCER_TMP;
import static dev.enclave.core.controlplane.ControlPlaneVolume.SYNC_POLICY;

import dev.enclave.core.sync.SyncPolicyJson;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;

/**
 * The syncer, a container of the control-plane pod: it reaches the tenant API with its own client
 * certificate and the host API with the pod's ServiceAccount token, which only this container
 * mounts. Its health server binds all addresses on {@link #HEALTH_PORT} so the kubelet can probe
 * it; nothing else is served there.
 *
 * <p>No readiness probe: a container's readiness is its pod's, and this pod's readiness is what
 * puts the tenant API server behind its Service. A syncer waiting for the host API, or standing by
 * while another replica leads, must not take the tenant API offline. {@code /readyz} is served for
 * monitoring; the kubelet restarts a syncer only when {@code /healthz} fails.
 */
public final class SyncerContainer {
  public static final String NAME = "syncer";
  public static final int HEALTH_PORT = 8081;
  public static final String TENANT_KUBECONFIG_ENV = "ENCLAVE_TENANT_KUBECONFIG";
  public static final String SYNC_POLICY_ENV = "ENCLAVE_SYNC_POLICY";
  public static final String HEALTH_PORT_ENV = "ENCLAVE_HEALTH_PORT";
  /**
   * The syncer's JVM options. Heap: three quarters of the memory limit. Left to the JVM's default
   * of a quarter, the 512 MiB limit gives a 128 MiB heap, which at about 10 MB of heap per 1,000
   * tenant pods (bench/README.md) runs out near 11,000 pods; 384 MiB holds about 35,000.
   * Processors: two. With a CPU limit of 1 the JVM would size itself for one processor (half the
   * HTTP event loops, serial GC), and the syncer-throughput benchmark then spent 0.28 to 0.34 ms
   * of CPU per pod instead of 0.23 to 0.26 and synced about a tenth fewer pods per second. Its
   * threads mostly wait on the two API servers, so two is right even under a one-CPU quota. With
   * two processors and 512 MiB the JVM still picks the serial collector, which measured the same
   * as G1 there (0.24 ms per pod). Compiler: the client compiler only. The optimising compiler
   * spends seconds of CPU while the pod starts, beside the API server it waits for; with it, ten
   * tenants started one after another on 2 cores had a median of 10.6 s from create to Ready,
   * without it 8.1 s (bench/README.md, tenant-startup). A syncer's steady work is a few pods a
   * second, where the client compiler's code is fast enough.
   */
  public static final String JAVA_OPTIONS =
      "-XX:MaxRAMPercentage=75 -XX:ActiveProcessorCount=2 -XX:TieredStopAtLevel=1"
          + " -Djava.io.tmpdir=/tmp";
  public static final String MEMORY_LIMIT = "512Mi";

  private SyncerContainer() {}

  public static Container build(ControlPlaneModel model) {
    return ControlPlaneContainers.base(
            NAME,
            Images.syncer(model),
            ControlPlaneContainers.resources("50m", "256Mi", "1", MEMORY_LIMIT))
        .withEnv(
            new EnvVarBuilder().withName("JAVA_TOOL_OPTIONS").withValue(JAVA_OPTIONS).build(),
            new EnvVarBuilder()
                .withName(TENANT_KUBECONFIG_ENV)
                .withValue(SYNCER_KUBECONFIG.file(KUBECONFIG))
                .build(),
            new EnvVarBuilder()
                .withName(SYNC_POLICY_ENV)
                .withValue(SYNC_POLICY.file(SyncPolicyJson.FILE))
                .build(),
            new EnvVarBuilder()
                .withName(HEALTH_PORT_ENV)
                .withValue(Integer.toString(HEALTH_PORT))
                .build())
        .addNewPort()
        .withName("health")
        .withContainerPort(HEALTH_PORT)
        .withProtocol("TCP")
        .endPort()
        .withStartupProbe(ControlPlaneContainers.http("/healthz", HEALTH_PORT, 30))
        .withLivenessProbe(ControlPlaneContainers.http("/healthz", HEALTH_PORT, 6))
        .withVolumeMounts(
            SYNCER_KUBECONFIG.mount(),
            SYNC_POLICY.mount(),
            SYNCER_HOST_TOKEN.mount(),
            SYNCER_TMP.mount())
        .build();
  }
}
