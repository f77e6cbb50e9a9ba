package dev.enclave.operator.drift;

import dev.enclave.api.v1alpha1.TenantCluster;
import dev.enclave.core.controlplane.HostNames;
import dev.enclave.core.drift.HostFacts;
import dev.enclave.core.drift.HostFactsReader;
import dev.enclave.core.observed.ObservedPod;
import dev.enclave.core.observed.ObservedVolume;
import dev.enclave.operator.tenant.TenantLabels;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.Pod;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** A tenant's host facts read from the drift informers' caches: no request to the API server. */
final class CachedHostFacts {
  private final DriftInformers informers;

  CachedHostFacts(DriftInformers informers) {
    this.informers = informers;
  }

  HostFacts of(TenantCluster tenant, Optional<ConfigMap> auditWebhook) {
    String namespace = HostNames.hostNamespace(tenant);
    ResourceID owner = ResourceID.fromResource(tenant);
    List<ObservedPod> pods =
        informers
            .pods
            .list(namespace, pod -> TenantLabels.ownedBy(pod, owner))
            .sorted(Comparator.comparing(CachedHostFacts::name))
            .flatMap(pod -> placed(pod).stream())
            .toList();
    List<ObservedVolume> volumes =
        informers
            .claims
            .list(namespace, claim -> TenantLabels.ownedBy(claim, owner))
            .sorted(Comparator.comparing(CachedHostFacts::name))
            .map(claim -> HostFactsReader.volume(claim, volume(claim.getSpec().getVolumeName())))
            .toList();
    String auditUrl = auditWebhook.flatMap(HostFactsReader::auditServer).orElse(null);
    return new HostFacts(pods, volumes, auditUrl, null);
  }

  /**
   * The pod with its node's labels; empty while its node is not in the cache yet (the node's
   * arrival reconciles the tenant again), so a lagging cache never reads as foreign labels.
   */
  private Optional<ObservedPod> placed(Pod pod) {
    String nodeName = pod.getSpec() == null ? null : pod.getSpec().getNodeName();
    if (nodeName == null || nodeName.isEmpty()) {
      return Optional.of(HostFactsReader.pod(pod, null));
    }
    return informers
        .nodes
        .get(new ResourceID(nodeName))
        .map(node -> HostFactsReader.pod(pod, node));
  }

  private PersistentVolume volume(String name) {
    return name == null ? null : informers.volumes.get(new ResourceID(name)).orElse(null);
  }

  private static String name(HasMetadata object) {
    return object.getMetadata().getName();
  }
}
