package dev.enclave.syncer.runtime;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;

/** Every sync step of one syncer. */
public record Steps(
    PodSync pods,
    PodStatusSync podStatus,
    TokenSync tokens,
    ReferencedSync<ConfigMap> configMaps,
    ReferencedSync<Secret> secrets,
    ServiceSync services,
    EndpointSliceSync endpointSlices,
    PvcSync pvcs,
    NodeSync nodes,
    EventSync events) {

  public static Steps of(SyncContext ctx) {
    PodSync pods = new PodSync(ctx);
    ServiceSync services = new ServiceSync(ctx);
    return new Steps(
        pods,
        new PodStatusSync(ctx),
        new TokenSync(ctx, pods),
        ReferencedSync.configMaps(ctx),
        ReferencedSync.secrets(ctx),
        services,
        new EndpointSliceSync(ctx, services),
        new PvcSync(ctx),
        new NodeSync(ctx),
        new EventSync(ctx));
  }

  public Queues.Handlers handlers() {
    return new Queues.Handlers(
        pods::reconcile,
        podStatus::reconcile,
        tokens::reconcile,
        configMaps::reconcile,
        secrets::reconcile,
        services::reconcile,
        endpointSlices::reconcile,
        pvcs::reconcile,
        nodes::reconcile,
        events::reconcile);
  }
}
