package dev.enclave.syncer.runtime;

import dev.enclave.syncer.translate.HostToTenant;
import dev.enclave.syncer.translate.NameTranslator;
import dev.enclave.syncer.translate.TenantRef;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Host Events about host copies, shown to the tenant on the tenant objects they stand for. Events
 * about anything else in the host namespace (the control plane, other components) are skipped.
 */
public final class EventSync {
  private final SyncContext ctx;

  /** Fingerprint of what was last written per host Event, so an unchanged Event is not re-sent. */
  private final Map<String, String> written = new ConcurrentHashMap<>();

  public EventSync(SyncContext ctx) {
    this.ctx = ctx;
  }

  public void forget(String hostEventKey) {
    written.remove(hostEventKey);
  }

  public void reconcile(String key) {
    Event host = Caches.get(ctx.caches().hostEvents, key);
    if (host == null || host.getInvolvedObject() == null) {
      return;
    }
    Optional<TenantRef> about = hostObject(host.getInvolvedObject()).flatMap(NameTranslator::tenantRef);
    if (about.isEmpty()) {
      return;
    }
    Event desired = HostToTenant.tenantEvent(host, about.get(), about.get().namespace());
    if (desired == null || desired.getMetadata() == null || desired.getMetadata().getName() == null) {
      return;
    }
    String fingerprint =
        Fingerprints.of(
            List.of(
                String.valueOf(desired.getCount()),
                String.valueOf(desired.getMessage()),
                String.valueOf(desired.getLastTimestamp()),
                String.valueOf(desired.getReason())));
    if (fingerprint.equals(written.get(key))) {
      return;
    }
    String ns = desired.getMetadata().getNamespace();
    try {
      ctx.tenant().v1().events().inNamespace(ns).resource(desired).create();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409) {
        throw e;
      }
      desired.getMetadata().setResourceVersion(null);
      ctx.tenant().v1().events().inNamespace(ns).resource(desired).update();
    }
    written.put(key, fingerprint);
  }

  private Optional<HasMetadata> hostObject(ObjectReference involved) {
    if (involved.getName() == null || involved.getKind() == null) {
      return Optional.empty();
    }
    SharedIndexInformer<? extends HasMetadata> cache =
        switch (involved.getKind()) {
          case "Pod" -> ctx.caches().hostPods;
          case "Service" -> ctx.caches().hostServices;
          case "PersistentVolumeClaim" -> ctx.caches().hostPvcs;
          case "ConfigMap" -> ctx.caches().hostConfigMaps;
          case "Secret" -> ctx.caches().hostSecrets;
          default -> null;
        };
    if (cache == null) {
      return Optional.empty();
    }
    return Optional.ofNullable(
        Caches.get(cache, ctx.hostNamespace() + "/" + involved.getName()));
  }
}
