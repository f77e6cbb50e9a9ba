package dev.enclave.syncer.translate;

import dev.enclave.core.sync.SyncPolicy;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.ServiceAccountTokenProjection;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The volumes a synced pod may use: only those whose data stays in tenant objects or in claims of
 * the jurisdiction's storage classes. Host paths reach the node; CSI inline volumes and network
 * volumes (NFS, iSCSI, …) reach storage the jurisdiction never listed; cluster trust bundles are
 * host objects. Mounts may not use {@code subPathExpr} or escape their volume with a {@code
 * subPath} (CVE-2021-25741).
 */
final class VolumePolicy {
  static final Set<String> ALLOWED_TYPES =
      Set.of(
          "configMap",
          "downwardAPI",
          "emptyDir",
          "ephemeral",
          "persistentVolumeClaim",
          "projected",
          "secret");
  static final Set<String> ALLOWED_PROJECTIONS =
      Set.of("configMap", "downwardAPI", "secret", "serviceAccountToken");

  private VolumePolicy() {}

  static List<Refusal> check(PodSpec spec, SyncPolicy policy) {
    List<Refusal> refusals = new ArrayList<>();
    List<Volume> volumes = spec.getVolumes();
    for (int i = 0; volumes != null && i < volumes.size(); i++) {
      Volume volume = volumes.get(i);
      if (volume != null) {
        volume(volume, "spec.volumes[" + i + "]", policy, refusals);
      }
    }
    for (ContainerAt at : ContainerAt.of(spec)) {
      mounts(at, refusals);
    }
    return refusals;
  }

  private static void volume(
      Volume volume, String field, SyncPolicy policy, List<Refusal> refusals) {
    if (ServiceAccountTokens.VOLUME.equals(volume.getName())) {
      Refusals.add(
          refusals,
          field + ".name",
          volume.getName(),
          "any other name; it is reserved for the tenant token");
    }
    for (String type : types(volume)) {
      if (!ALLOWED_TYPES.contains(type)) {
        Refusals.add(
            refusals,
            field + "." + type,
            type + " volume" + why(type),
            "volumes of type " + new TreeSet<>(ALLOWED_TYPES));
      }
    }
    if (volume.getEphemeral() != null) {
      var template = volume.getEphemeral().getVolumeClaimTemplate();
      refusals.addAll(
          ClaimPolicy.check(
              template == null ? null : template.getSpec(),
              field + ".ephemeral.volumeClaimTemplate.spec",
              policy));
    }
    if (volume.getProjected() != null && volume.getProjected().getSources() != null) {
      List<VolumeProjection> sources = volume.getProjected().getSources();
      for (int j = 0; j < sources.size(); j++) {
        projection(sources.get(j), field + ".projected.sources[" + j + "]", refusals);
      }
    }
  }

  private static void projection(VolumeProjection source, String field, List<Refusal> refusals) {
    if (source == null) {
      return;
    }
    for (String type : types(source)) {
      if (!ALLOWED_PROJECTIONS.contains(type)) {
        Refusals.add(
            refusals,
            field + "." + type,
            type,
            "projections of " + new TreeSet<>(ALLOWED_PROJECTIONS));
      }
    }
    ServiceAccountTokenProjection token = source.getServiceAccountToken();
    if (token != null && token.getAudience() != null && !token.getAudience().isEmpty()) {
      Refusals.add(
          refusals,
          field + ".serviceAccountToken.audience",
          token.getAudience(),
          "unset: only tokens for the tenant's API server are delivered, never host tokens");
    }
  }

  private static void mounts(ContainerAt at, List<Refusal> refusals) {
    List<VolumeMount> mounts = at.container().getVolumeMounts();
    for (int i = 0; mounts != null && i < mounts.size(); i++) {
      VolumeMount mount = mounts.get(i);
      if (mount == null) {
        continue;
      }
      String field = at.path() + ".volumeMounts[" + i + "]";
      String subPath = mount.getSubPath();
      if (subPath != null && (subPath.startsWith("/") || hasParentSegment(subPath))) {
        Refusals.add(refusals, field + ".subPath", subPath, "a relative path without \"..\"");
      }
      if (mount.getSubPathExpr() != null && !mount.getSubPathExpr().isEmpty()) {
        Refusals.add(refusals, field + ".subPathExpr", mount.getSubPathExpr(), "unset");
      }
      if ("Bidirectional".equals(mount.getMountPropagation())) {
        Refusals.add(
            refusals,
            field + ".mountPropagation",
            "Bidirectional",
            "None, HostToContainer or unset");
      }
    }
  }

  private static boolean hasParentSegment(String path) {
    for (String segment : path.split("[/\\\\]")) {
      if (segment.equals("..")) {
        return true;
      }
    }
    return false;
  }

  /** The set fields of a volume or projection other than its name, as the API names them. */
  private static Set<String> types(Object source) {
    Set<String> types = ModelCopies.fieldNames(source);
    types.remove("name");
    return types;
  }

  private static String why(String type) {
    return switch (type) {
      case "hostPath" -> " (the node's file system)";
      case "csi" -> " (CSI inline volumes bypass the jurisdiction's storage classes)";
      case "gitRepo", "flexVolume" -> " (runs host tooling on the node)";
      case "nfs",
          "iscsi",
          "rbd",
          "cephfs",
          "glusterfs",
          "fc",
          "cinder",
          "azureFile",
          "azureDisk",
          "awsElasticBlockStore",
          "gcePersistentDisk",
          "portworxVolume",
          "quobyte",
          "scaleIO",
          "storageos",
          "vsphereVolume",
          "photonPersistentDisk",
          "flocker" ->
          " (storage the jurisdiction does not list)";
      default -> "";
    };
  }
}
