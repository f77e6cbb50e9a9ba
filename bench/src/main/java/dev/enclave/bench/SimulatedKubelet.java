package dev.enclave.bench;

import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.Objects;

/**
 * For a host with no controllers and no kubelets: every StatefulSet is reported with all its
 * replicas ready as soon as it exists or changes, so that the operator sees its tenants' control
 * planes running. Its writes go through its own client.
 */
final class SimulatedKubelet implements AutoCloseable {
  private final SharedIndexInformer<StatefulSet> informer;

  private SimulatedKubelet(SharedIndexInformer<StatefulSet> informer) {
    this.informer = informer;
  }

  static SimulatedKubelet start(KubernetesClient kubelet) {
    return new SimulatedKubelet(
        kubelet.apps().statefulSets().inAnyNamespace().inform(
            new ResourceEventHandler<>() {
              @Override
              public void onAdd(StatefulSet sts) {
                markReady(kubelet, sts);
              }

              @Override
              public void onUpdate(StatefulSet old, StatefulSet sts) {
                markReady(kubelet, sts);
              }

              @Override
              public void onDelete(StatefulSet sts, boolean unknown) {}
            }));
  }

  private static void markReady(KubernetesClient kubelet, StatefulSet sts) {
    Integer replicas = sts.getSpec().getReplicas();
    Long generation = sts.getMetadata().getGeneration();
    var status = sts.getStatus();
    if (status != null
        && Objects.equals(status.getReadyReplicas(), replicas)
        && Objects.equals(status.getObservedGeneration(), generation)) {
      return;
    }
    StatefulSet ready = Serialization.clone(sts);
    ready.setStatus(new StatefulSetStatusBuilder()
        .withReplicas(replicas)
        .withReadyReplicas(replicas)
        .withAvailableReplicas(replicas)
        .withCurrentReplicas(replicas)
        .withUpdatedReplicas(replicas)
        .withObservedGeneration(generation)
        .build());
    try {
      kubelet.resource(ready).updateStatus();
    } catch (RuntimeException e) {
      // the next update event retries
    }
  }

  @Override
  public void close() {
    informer.close();
  }
}
