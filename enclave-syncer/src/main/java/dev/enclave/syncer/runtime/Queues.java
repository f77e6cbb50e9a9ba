package dev.enclave.syncer.runtime;

import dev.enclave.syncer.SyncerOptions;
import java.util.ArrayList;
import java.util.List;

/** One work queue per kind of sync step; keys are tenant {@code namespace/name} unless noted. */
public final class Queues implements AutoCloseable {
  public final WorkQueue pods;
  public final WorkQueue podStatus;
  public final WorkQueue tokens;
  public final WorkQueue configMaps;
  public final WorkQueue secrets;
  public final WorkQueue services;
  public final WorkQueue endpointSlices;
  public final WorkQueue pvcs;

  /** Keyed by node name. */
  public final WorkQueue nodes;

  /** Keyed by host Event {@code namespace/name}. */
  public final WorkQueue events;

  private final List<WorkQueue> all = new ArrayList<>();

  public Queues(SyncerOptions options) {
    pods = queue("pods", options.podWorkers(), options);
    podStatus = queue("pod-status", options.podWorkers(), options);
    tokens = queue("tokens", options.workers(), options);
    configMaps = queue("configmaps", options.workers(), options);
    secrets = queue("secrets", options.workers(), options);
    services = queue("services", options.workers(), options);
    endpointSlices = queue("endpointslices", options.workers(), options);
    pvcs = queue("pvcs", options.workers(), options);
    nodes = queue("nodes", 1, options);
    events = queue("events", options.workers(), options);
  }

  /** The step behind each queue. */
  public record Handlers(
      WorkQueue.Handler pods,
      WorkQueue.Handler podStatus,
      WorkQueue.Handler tokens,
      WorkQueue.Handler configMaps,
      WorkQueue.Handler secrets,
      WorkQueue.Handler services,
      WorkQueue.Handler endpointSlices,
      WorkQueue.Handler pvcs,
      WorkQueue.Handler nodes,
      WorkQueue.Handler events) {}

  private WorkQueue queue(String name, int workers, SyncerOptions options) {
    WorkQueue q = new WorkQueue(name, workers, options.retryBaseDelay(), options.retryMaxDelay());
    all.add(q);
    return q;
  }

  /** Starts every queue's workers; called once the caches have synced and orphans are gone. */
  public void start(Handlers h) {
    pods.start(h.pods());
    podStatus.start(h.podStatus());
    tokens.start(h.tokens());
    configMaps.start(h.configMaps());
    secrets.start(h.secrets());
    services.start(h.services());
    endpointSlices.start(h.endpointSlices());
    pvcs.start(h.pvcs());
    nodes.start(h.nodes());
    events.start(h.events());
  }

  /** True when no queue has work waiting, running or scheduled. */
  public boolean idle() {
    return all.stream().allMatch(WorkQueue::isIdle);
  }

  @Override
  public void close() {
    all.forEach(WorkQueue::close);
  }
}
