package dev.enclave.syncer.runtime;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.client.informers.cache.BasicItemStore;
import io.fabric8.kubernetes.client.informers.cache.Cache;

/**
 * The host pod cache, keeping of each pod only what the syncer reads: metadata, status, and the
 * node and volumes of its spec. Containers, affinity, tolerations and DNS settings are what the
 * syncer wrote itself, and their fingerprint is in the metadata; dropping them roughly halves the
 * heap a synced pod costs.
 */
final class HostPodStore extends BasicItemStore<Pod> {
  HostPodStore() {
    super(Cache::metaNamespaceKeyFunc);
  }

  @Override
  public Pod put(String key, Pod pod) {
    return super.put(key, slim(pod));
  }

  static Pod slim(Pod pod) {
    Pod slim = new Pod();
    slim.setMetadata(pod.getMetadata());
    slim.setStatus(pod.getStatus());
    if (pod.getSpec() != null) {
      PodSpec spec = new PodSpec();
      spec.setNodeName(pod.getSpec().getNodeName());
      spec.setVolumes(pod.getSpec().getVolumes());
      slim.setSpec(spec);
    }
    return slim;
  }
}
