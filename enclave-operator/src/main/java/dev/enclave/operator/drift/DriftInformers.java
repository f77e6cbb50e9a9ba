package dev.enclave.operator.drift;

import dev.enclave.api.v1alpha1.TenantCluster;
import dev.enclave.operator.tenant.TenantLabels;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The informers drift detection reads: Enclave-labelled Pods and PersistentVolumeClaims in host
 * namespaces, and the cluster-scoped Nodes and PersistentVolumes they land on (read only). A tenant
 * is reconciled again when one of its pods is placed or its claims bound, when a node under one of
 * its pods is relabelled, or when a volume under one of its claims changes topology.
 */
public final class DriftInformers {
  static final String BY_NODE = "drift-pods-by-node";

  final InformerEventSource<Pod, TenantCluster> pods;
  final InformerEventSource<PersistentVolumeClaim, TenantCluster> claims;
  final InformerEventSource<Node, TenantCluster> nodes;
  final InformerEventSource<PersistentVolume, TenantCluster> volumes;

  private DriftInformers(EventSourceContext<TenantCluster> context) {
    pods =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(Pod.class, TenantCluster.class)
                .withName("drift-Pod")
                .withLabelSelector(TenantLabels.MANAGED_SELECTOR)
                .withSecondaryToPrimaryMapper(TenantLabels::owner)
                .withOnUpdateFilter((now, before) -> placementChanged(now, before))
                .build(),
            context);
    pods.addIndexers(Map.of(BY_NODE, pod -> nodeNameOf(pod)));
    claims =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(PersistentVolumeClaim.class, TenantCluster.class)
                .withName("drift-PersistentVolumeClaim")
                .withLabelSelector(TenantLabels.MANAGED_SELECTOR)
                .withSecondaryToPrimaryMapper(TenantLabels::owner)
                .withOnUpdateFilter(
                    (now, before) -> !Objects.equals(now.getSpec(), before.getSpec()))
                .build(),
            context);
    nodes =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(Node.class, TenantCluster.class)
                .withName("drift-Node")
                .withSecondaryToPrimaryMapper(this::tenantsOnNode)
                .withOnUpdateFilter((now, before) -> !Objects.equals(labels(now), labels(before)))
                .build(),
            context);
    volumes =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(PersistentVolume.class, TenantCluster.class)
                .withName("drift-PersistentVolume")
                .withSecondaryToPrimaryMapper(this::tenantOfClaim)
                .withOnUpdateFilter(
                    (now, before) ->
                        !Objects.equals(
                                now.getSpec().getNodeAffinity(), before.getSpec().getNodeAffinity())
                            || !Objects.equals(
                                now.getSpec().getClaimRef(), before.getSpec().getClaimRef()))
                .build(),
            context);
  }

  public static DriftInformers create(EventSourceContext<TenantCluster> context) {
    return new DriftInformers(context);
  }

  public List<EventSource<?, TenantCluster>> sources() {
    return List.of(pods, claims, nodes, volumes);
  }

  /**
   * The tenants with a pod on this node. Event sources start in parallel, so a node event can come
   * before the pod source runs; such an event maps to nothing, and the first reconcile of each
   * tenant checks placement anyway.
   */
  private Set<ResourceID> tenantsOnNode(Node node) {
    if (!pods.isRunning()) {
      return Set.of();
    }
    return pods.byIndex(BY_NODE, node.getMetadata().getName()).stream()
        .flatMap(pod -> TenantLabels.owner(pod).stream())
        .collect(Collectors.toSet());
  }

  private Set<ResourceID> tenantOfClaim(PersistentVolume volume) {
    ObjectReference claim = volume.getSpec() == null ? null : volume.getSpec().getClaimRef();
    if (claim == null || claim.getName() == null || !claims.isRunning()) {
      return Set.of();
    }
    return claims
        .get(new ResourceID(claim.getName(), claim.getNamespace()))
        .map(TenantLabels::owner)
        .orElse(Set.of());
  }

  private static boolean placementChanged(Pod now, Pod before) {
    return !Objects.equals(nodeNameOf(now), nodeNameOf(before))
        || !Objects.equals(labels(now), labels(before));
  }

  private static List<String> nodeNameOf(Pod pod) {
    String node = pod.getSpec() == null ? null : pod.getSpec().getNodeName();
    return node == null || node.isEmpty() ? List.of() : List.of(node);
  }

  private static Map<String, String> labels(HasMetadata object) {
    return object.getMetadata().getLabels();
  }
}
