package dev.enclave.syncer.runtime;

import dev.enclave.syncer.translate.TenantToHost;
import dev.enclave.syncer.translate.Translation;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.util.List;
import java.util.Map;

/**
 * EndpointSlices of selector-less tenant Services (the tenant manages their endpoints itself); the
 * host's own controller makes the slices of Services with a selector.
 */
public final class EndpointSliceSync {
  public static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";
  private final SyncContext ctx;
  private final ServiceSync services;

  public EndpointSliceSync(SyncContext ctx, ServiceSync services) {
    this.ctx = ctx;
    this.services = services;
  }

  /** Enqueues every tenant slice of a Service, when the Service changes. */
  public void serviceChanged(Service service) {
    String ns = service.getMetadata().getNamespace();
    String name = service.getMetadata().getName();
    for (EndpointSlice slice : ctx.caches().tenantEndpointSlices.getStore().list()) {
      Map<String, String> labels = slice.getMetadata().getLabels();
      if (ns.equals(slice.getMetadata().getNamespace())
          && labels != null
          && name.equals(labels.get(SERVICE_NAME_LABEL))) {
        ctx.queues().endpointSlices.add(ns + "/" + slice.getMetadata().getName());
      }
    }
  }

  public void reconcile(String key) {
    String ns = SyncContext.namespaceOf(key);
    EndpointSlice tenant = Caches.get(ctx.caches().tenantEndpointSlices, key);
    EndpointSlice host =
        Caches.get(ctx.caches().hostEndpointSlices, ctx.hostKey(ns, SyncContext.nameOf(key)));
    Service service = tenant == null ? null : serviceOf(ns, tenant);
    if (tenant != null && service == null && services.recreating(ns + "/" + serviceName(tenant))) {
      return; // the syncer is recreating the Service with the host's cluster IP
    }
    if (service == null
        || !selectorless(service)
        || "default/kubernetes".equals(ns + "/" + service.getMetadata().getName())) {
      HostWrites.delete(ctx.host(), host);
      return;
    }
    Translation<EndpointSlice> translation =
        TenantToHost.endpointSlice(tenant, service, ctx.policy());
    if (translation instanceof Translation.Refused<EndpointSlice> refused) {
      ctx.refusals().record(tenant, refused.reasons());
      HostWrites.delete(ctx.host(), host);
      return;
    }
    EndpointSlice desired = ((Translation.Synced<EndpointSlice>) translation).hostObject();
    Object owned =
        List.of(
            String.valueOf(desired.getMetadata().getLabels()),
            String.valueOf(desired.getMetadata().getAnnotations()),
            String.valueOf(desired.getAddressType()),
            String.valueOf(desired.getEndpoints()),
            String.valueOf(desired.getPorts()));
    HostWrites.ensure(ctx.host(), host, desired, owned, HostWrites.Update.REPLACE);
  }

  private static String serviceName(EndpointSlice slice) {
    Map<String, String> labels = slice.getMetadata().getLabels();
    return labels == null ? null : labels.get(SERVICE_NAME_LABEL);
  }

  private Service serviceOf(String ns, EndpointSlice slice) {
    String service = serviceName(slice);
    return service == null ? null : Caches.get(ctx.caches().tenantServices, ns + "/" + service);
  }

  private static boolean selectorless(Service service) {
    return service.getSpec().getSelector() == null || service.getSpec().getSelector().isEmpty();
  }
}
