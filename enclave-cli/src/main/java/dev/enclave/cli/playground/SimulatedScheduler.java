package dev.enclave.cli.playground;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A simulated kube-scheduler and kubelet for a simulated host: creates the pods of every
 * StatefulSet and Deployment, binds each to a node its required node affinity, node selector and
 * tolerations allow, reports it Running and Ready (no container runs), or leaves it Pending with
 * kube-scheduler's reason, and writes the workload's status. Bare pods are bound the same way.
 */
public final class SimulatedScheduler implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SimulatedScheduler.class);
  private static final long RESYNC_MILLIS = 2_000;

  private final KubernetesClient client;
  private final Clock clock;
  private final ScheduledExecutorService loop;
  private final AtomicBoolean queued = new AtomicBoolean();
  private final List<SharedIndexInformer<?>> informers = new ArrayList<>();

  private SimulatedScheduler(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
    this.loop =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "simulated-scheduler");
              t.setDaemon(true);
              return t;
            });
  }

  /** Watches StatefulSets, Deployments, Pods and Nodes and places pods until closed. */
  public static SimulatedScheduler start(KubernetesClient client, Clock clock) {
    SimulatedScheduler scheduler = new SimulatedScheduler(client, clock);
    scheduler.watch();
    return scheduler;
  }

  private void watch() {
    ResourceEventHandler<HasMetadata> trigger =
        new ResourceEventHandler<>() {
          @Override
          public void onAdd(HasMetadata obj) {
            requestPass();
          }

          @Override
          public void onUpdate(HasMetadata oldObj, HasMetadata newObj) {
            requestPass();
          }

          @Override
          public void onDelete(HasMetadata obj, boolean deletedFinalStateUnknown) {
            requestPass();
          }
        };
    informers.add(client.apps().statefulSets().inAnyNamespace().inform(trigger));
    informers.add(client.apps().deployments().inAnyNamespace().inform(trigger));
    informers.add(client.pods().inAnyNamespace().inform(trigger));
    informers.add(client.nodes().inform(trigger));
    loop.scheduleWithFixedDelay(this::requestPass, 0, RESYNC_MILLIS, TimeUnit.MILLISECONDS);
  }

  private void requestPass() {
    if (queued.compareAndSet(false, true)) {
      loop.execute(this::safePass);
    }
  }

  private void safePass() {
    queued.set(false);
    try {
      pass();
    } catch (KubernetesClientException e) {
      LOG.debug("simulated scheduler pass failed, retrying on next event: {}", e.getMessage());
    } catch (RuntimeException e) {
      LOG.warn("simulated scheduler pass failed: {}", e.toString());
    }
  }

  /** One level-driven pass over every workload and pod; safe to repeat. */
  void pass() {
    List<Node> nodes = new ArrayList<>(client.nodes().list().getItems());
    nodes.sort(Comparator.comparing(n -> n.getMetadata().getName()));
    List<Pod> pods = client.pods().inAnyNamespace().list().getItems();
    Map<String, Integer> load = new HashMap<>();
    pods.stream()
        .map(p -> p.getSpec().getNodeName())
        .filter(Objects::nonNull)
        .forEach(n -> load.merge(n, 1, Integer::sum));
    Set<String> owners = new HashSet<>();
    for (StatefulSet sts : client.apps().statefulSets().inAnyNamespace().list().getItems()) {
      Workload workload = Workload.of(sts);
      owners.add(workload.key());
      reconcile(workload, pods, nodes, load);
    }
    for (Deployment deployment : client.apps().deployments().inAnyNamespace().list().getItems()) {
      Workload workload = Workload.of(deployment);
      owners.add(workload.key());
      reconcile(workload, pods, nodes, load);
    }
    for (Pod pod : pods) {
      Optional<String> owner = Workload.ownerKey(pod);
      if (owner.isPresent() && !owners.contains(owner.get()) && isSimulated(pod)) {
        client.pods().resource(pod).delete();
      } else if (owner.isEmpty() && pod.getSpec().getNodeName() == null) {
        place(pod, pod, nodes, load);
      }
    }
  }

  private void reconcile(
      Workload workload, List<Pod> pods, List<Node> nodes, Map<String, Integer> load) {
    Map<String, Pod> owned = new HashMap<>();
    pods.stream()
        .filter(p -> Workload.ownerKey(p).filter(workload.key()::equals).isPresent())
        .forEach(p -> owned.put(p.getMetadata().getName(), p));
    List<Pod> current = new ArrayList<>();
    for (int i = 0; i < workload.replicas(); i++) {
      Pod wanted = workload.pod(i);
      Pod existing = owned.remove(wanted.getMetadata().getName());
      current.add(keepOrPlace(existing, wanted, nodes, load));
    }
    owned.values().forEach(p -> client.pods().resource(p).delete());
    writeStatus(workload, current);
  }

  /** An existing pod of the current template stays where it is; anything else is (re)placed. */
  private Pod keepOrPlace(Pod existing, Pod wanted, List<Node> nodes, Map<String, Integer> load) {
    if (existing != null
        && Objects.equals(Workload.templateHash(existing), Workload.templateHash(wanted))
        && existing.getSpec().getNodeName() != null) {
      return existing;
    }
    return place(existing, wanted, nodes, load);
  }

  private Pod place(Pod existing, Pod wanted, List<Node> nodes, Map<String, Integer> load) {
    Optional<Node> node = SimulatedPods.choose(wanted.getSpec(), nodes, load);
    Pod placed =
        node.map(n -> SimulatedPods.running(wanted, n, clock.instant()))
            .orElseGet(
                () ->
                    SimulatedPods.pending(
                        wanted,
                        SimulatedPods.unschedulableMessage(wanted.getSpec(), nodes),
                        clock.instant()));
    node.ifPresent(n -> load.merge(n.getMetadata().getName(), 1, Integer::sum));
    if (existing != null && samePlacement(existing, placed)) {
      return existing;
    }
    placed.getMetadata().setResourceVersion(null);
    return client.resource(placed).unlock().createOr(op -> op.update());
  }

  private static boolean samePlacement(Pod a, Pod b) {
    return Objects.equals(a.getSpec().getNodeName(), b.getSpec().getNodeName())
        && Objects.equals(Workload.templateHash(a), Workload.templateHash(b))
        && Objects.equals(
            SimulatedPods.unschedulableReason(a), SimulatedPods.unschedulableReason(b))
        && SimulatedPods.isReady(a) == SimulatedPods.isReady(b);
  }

  private void writeStatus(Workload workload, List<Pod> current) {
    Object status = workload.status(current);
    if (Objects.equals(status, workload.currentStatus())) {
      return;
    }
    client.resource(workload.withStatus(status)).updateStatus();
  }

  private static boolean isSimulated(Pod pod) {
    Map<String, String> annotations = pod.getMetadata().getAnnotations();
    return annotations != null && annotations.containsKey(SimulatedPods.SIMULATED_ANNOTATION);
  }

  @Override
  public void close() {
    informers.forEach(SharedIndexInformer::close);
    loop.shutdownNow();
  }
}
