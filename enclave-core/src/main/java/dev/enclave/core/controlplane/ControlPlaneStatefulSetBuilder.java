package dev.enclave.core.controlplane;

import dev.enclave.api.v1alpha1.TenantCluster;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The control-plane StatefulSet: API server, controller-manager, optional scheduler, the data
 * store's etcd or kine, the KMS plugin and the syncer, in one pod per replica. Pods start in
 * parallel so the members of an embedded etcd can form their cluster before any API server is
 * ready. The pod runs as the syncer's ServiceAccount with no automounted token; only the syncer
 * container mounts one.
 */
public final class ControlPlaneStatefulSetBuilder {
  /** Pod annotation that changes whenever a mounted ConfigMap does, to roll the pods. */
  public static final String CONFIG_HASH_ANNOTATION = "enclave.dev/config-hash";

  /**
   * Pod annotation naming the cluster CA rotation and step the pod's certificates belong to
   * ({@code <request>/<step>}), so each step rolls the pods; absent before a tenant's first
   * rotation, so a tenant never rotated keeps its pods.
   */
  public static final String CA_ROTATION_ANNOTATION = "enclave.dev/ca-rotation";

  private ControlPlaneStatefulSetBuilder() {}

  public static StatefulSet build(ControlPlaneModel model, String configHash) {
    return new StatefulSetBuilder()
        .withMetadata(
            HostLabels.metadata(
                model, HostNames.controlPlane(model.tenant()), HostLabels.CONTROL_PLANE))
        .withNewSpec()
        .withReplicas(model.replicas())
        .withServiceName(HostNames.headlessService(model.tenant()))
        .withPodManagementPolicy("Parallel")
        .withNewSelector()
        .withMatchLabels(HostLabels.controlPlaneSelector(model))
        .endSelector()
        .withTemplate(podTemplate(model, configHash))
        .withVolumeClaimTemplates(volumeClaimTemplates(model))
        .endSpec()
        .build();
  }

  static PodTemplateSpec podTemplate(ControlPlaneModel model, String configHash) {
    return new PodTemplateSpecBuilder()
        .withNewMetadata()
        .withLabels(HostLabels.of(model, HostLabels.CONTROL_PLANE))
        .withAnnotations(podAnnotations(model, configHash))
        .endMetadata()
        .withNewSpec()
        .withServiceAccountName(HostNames.syncerServiceAccount(model.tenant()))
        .withAutomountServiceAccountToken(false)
        .withEnableServiceLinks(false)
        .withSecurityContext(SecurityContexts.pod())
        .withAffinity(PodPlacement.affinity(model))
        .withTolerations(PodPlacement.tolerations(model))
        .withInitContainers(ControlPlaneContainers.kmsPlugin(model))
        .withContainers(containers(model))
        .withVolumes(ControlPlaneVolumes.forPod(model))
        .endSpec()
        .build();
  }

  /** The config hash, and the CA rotation step once the tenant's CA was ever rotated. */
  static Map<String, String> podAnnotations(ControlPlaneModel model, String configHash) {
    Map<String, String> annotations = new TreeMap<>(Map.of(CONFIG_HASH_ANNOTATION, configHash));
    caRotation(model.tenant()).ifPresent(step -> annotations.put(CA_ROTATION_ANNOTATION, step));
    return annotations;
  }

  /**
   * {@code <request>/<step>} of the tenant's last CA rotation, from its status: the value of {@link
   * #CA_ROTATION_ANNOTATION} on its pods once that step rolled out.
   */
  public static Optional<String> caRotation(TenantCluster tenant) {
    var status = tenant.getStatus();
    if (status == null || status.getCaRotation() == null || status.getCaRotation().getStep() == null) {
      return Optional.empty();
    }
    return Optional.of(
        status.getCaRotation().getRequested() + "/" + status.getCaRotation().getStep());
  }

  static List<Container> containers(ControlPlaneModel model) {
    List<Container> containers = new ArrayList<>();
    containers.add(ControlPlaneContainers.apiServer(model));
    containers.add(ControlPlaneContainers.controllerManager(model));
    if (model.scheduler()) {
      containers.add(ControlPlaneContainers.scheduler(model));
    }
    switch (model.store()) {
      case EMBEDDED_ETCD -> containers.add(ControlPlaneContainers.etcd(model));
      case POSTGRESQL -> containers.add(ControlPlaneContainers.kine(model));
      case EXTERNAL_ETCD -> {}
    }
    containers.add(SyncerContainer.build(model));
    return containers;
  }

  private static List<PersistentVolumeClaim> volumeClaimTemplates(ControlPlaneModel model) {
    if (model.store() != ControlPlaneModel.Store.EMBEDDED_ETCD) {
      return List.of();
    }
    SortedMap<String, Quantity> size =
        new TreeMap<>(Map.of("storage", new Quantity(model.etcdSize())));
    return List.of(
        new PersistentVolumeClaimBuilder()
            .withNewMetadata()
            .withName(ControlPlaneVolume.ETCD_DATA.volumeName())
            .withLabels(HostLabels.of(model, HostLabels.CONTROL_PLANE))
            .endMetadata()
            .withNewSpec()
            .withAccessModes("ReadWriteOnce")
            .withStorageClassName(model.etcdStorageClass())
            .withNewResources()
            .withRequests(size)
            .endResources()
            .endSpec()
            .build());
  }
}
