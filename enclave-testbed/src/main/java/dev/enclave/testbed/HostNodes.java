package dev.enclave.testbed;

import dev.enclave.api.v1alpha1.Jurisdiction;
import dev.enclave.api.v1alpha1.Placement;
import dev.enclave.core.controlplane.JurisdictionNodes;
import dev.enclave.core.gitops.GitOpsLoader;
import dev.enclave.core.gitops.LoadResult;
import dev.enclave.core.model.Declared;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.api.model.storage.StorageClassBuilder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The nodes and storage classes of a host cluster, derived from a platform's Jurisdictions: per
 * jurisdiction {@code count} KWOK nodes {@code <j>-node-<i>} carrying its node selector, a region
 * and zone, and a taint for every toleration it gives its pods; one StorageClass per allowed name,
 * with {@link #VOLUMES_PER_CLASS} statically provisioned local PersistentVolumes pinned to that
 * jurisdiction's nodes (no provisioner runs here; the real scheduler and PV controller bind them).
 */
public final class HostNodes {
  public static final int VOLUMES_PER_CLASS = 16;

  private final List<Node> nodes;
  private final List<StorageClass> storageClasses;
  private final List<PersistentVolume> volumes;

  private HostNodes(List<Node> nodes, List<StorageClass> storageClasses, List<PersistentVolume> volumes) {
    this.nodes = List.copyOf(nodes);
    this.storageClasses = List.copyOf(storageClasses);
    this.volumes = List.copyOf(volumes);
  }

  /** Nodes and storage classes for the Jurisdictions declared under {@code platformDir}. */
  public static HostNodes fromPlatform(Path platformDir, Map<String, Integer> counts) {
    LoadResult loaded = new GitOpsLoader().load(platformDir);
    if (!loaded.readable()) {
      throw new IllegalArgumentException(platformDir + " is not readable: " + loaded.errors());
    }
    List<Jurisdiction> jurisdictions =
        loaded.platform().jurisdictions().stream().map(Declared::object).toList();
    return of(jurisdictions, counts);
  }

  /** Nodes and storage classes for {@code jurisdictions}, {@code counts} nodes each (default 1). */
  public static HostNodes of(List<Jurisdiction> jurisdictions, Map<String, Integer> counts) {
    List<Node> nodes = new ArrayList<>();
    List<StorageClass> classes = new ArrayList<>();
    List<PersistentVolume> volumes = new ArrayList<>();
    for (Jurisdiction j : jurisdictions) {
      String name = j.getMetadata().getName();
      int count = counts.getOrDefault(name, 1);
      if (count < 1) {
        throw new IllegalArgumentException(name + ": " + count + " nodes; a host needs at least 1");
      }
      for (int i = 1; i <= count; i++) {
        nodes.add(node(name, i, j.getSpec().getPlacement()));
      }
      for (String storageClass : j.getSpec().getStorageClasses()) {
        classes.add(storageClass(storageClass, name));
        for (int v = 0; v < VOLUMES_PER_CLASS; v++) {
          volumes.add(volume(storageClass, v, name + "-node-" + (v % count + 1)));
        }
      }
    }
    return new HostNodes(nodes, classes, volumes);
  }

  public List<Node> nodes() {
    return nodes;
  }

  public List<StorageClass> storageClasses() {
    return storageClasses;
  }

  public List<PersistentVolume> volumes() {
    return volumes;
  }

  private static PersistentVolume volume(String storageClass, int index, String node) {
    return new PersistentVolumeBuilder()
        .withNewMetadata()
        .withName(storageClass + "-" + index)
        .endMetadata()
        .withNewSpec()
        .withStorageClassName(storageClass)
        .addToCapacity("storage", new Quantity("100Gi"))
        .withAccessModes("ReadWriteOnce")
        .withPersistentVolumeReclaimPolicy("Delete")
        .withNewLocal()
        .withPath("/var/lib/testbed/" + storageClass + "-" + index)
        .endLocal()
        .withNewNodeAffinity()
        .withNewRequired()
        .addNewNodeSelectorTerm()
        .addNewMatchExpression()
        .withKey("kubernetes.io/hostname")
        .withOperator("In")
        .withValues(node)
        .endMatchExpression()
        .endNodeSelectorTerm()
        .endRequired()
        .endNodeAffinity()
        .endSpec()
        .build();
  }

  private static Node node(String jurisdiction, int index, Placement placement) {
    String name = jurisdiction + "-node-" + index;
    Map<String, String> labels = JurisdictionNodes.labels(jurisdiction, placement, name, index);
    labels.put("kubernetes.io/arch", "amd64");
    labels.put("type", "kwok");
    return new NodeBuilder()
        .withNewMetadata()
        .withName(name)
        .withLabels(labels)
        .addToAnnotations(Kwok.NODE_ANNOTATION, Kwok.NODE_ANNOTATION_VALUE)
        .endMetadata()
        .withNewSpec()
        .withTaints(JurisdictionNodes.taints(placement))
        .endSpec()
        .build();
  }

  private static StorageClass storageClass(String name, String jurisdiction) {
    return new StorageClassBuilder()
        .withNewMetadata()
        .withName(name)
        .addToLabels("enclave.dev/jurisdiction", jurisdiction)
        .endMetadata()
        .withProvisioner("kubernetes.io/no-provisioner")
        .withVolumeBindingMode("WaitForFirstConsumer")
        .build();
  }
}
