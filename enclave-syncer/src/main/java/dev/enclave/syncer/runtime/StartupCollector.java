package dev.enclave.syncer.runtime;

import dev.enclave.syncer.translate.NameTranslator;
import dev.enclave.syncer.translate.TenantRef;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Deletes, once at start-up, the host copies whose tenant object is gone. */
public final class StartupCollector {
  private static final Logger LOG = LoggerFactory.getLogger(StartupCollector.class);
  private final SyncContext ctx;

  public StartupCollector(SyncContext ctx) {
    this.ctx = ctx;
  }

  /** Returns the number of orphans deleted; none when a cache has not synced. */
  public int collect() {
    Caches c = ctx.caches();
    List<HasMetadata> hostObjects = new ArrayList<>();
    hostObjects.addAll(c.hostPods.getStore().list());
    hostObjects.addAll(c.hostConfigMaps.getStore().list());
    hostObjects.addAll(c.hostSecrets.getStore().list());
    hostObjects.addAll(c.hostServices.getStore().list());
    hostObjects.addAll(c.hostEndpointSlices.getStore().list());
    hostObjects.addAll(c.hostPvcs.getStore().list());
    GarbageCollection.Decision decision =
        GarbageCollection.orphans(
            c.tenantSynced(),
            c.hostSynced(),
            hostObjects,
            o -> NameTranslator.tenantRef(o).orElse(null),
            this::tenantExists);
    if (decision instanceof GarbageCollection.Decision.NotYet notYet) {
      LOG.warn("garbage collection skipped: {}", notYet.reason());
      return 0;
    }
    List<HasMetadata> orphans =
        new ArrayList<>(((GarbageCollection.Decision.Delete) decision).orphans());
    orphans.addAll(perPodTokenSecrets());
    for (HasMetadata orphan : orphans) {
      LOG.info(
          "deleting orphan {} {}: its tenant object is gone",
          orphan.getKind(),
          orphan.getMetadata().getName());
      HostWrites.delete(ctx.host(), orphan);
    }
    return orphans.size();
  }

  /**
   * Token Secrets written per pod by syncers before tokens were shared per service account; the
   * host pods mounting them are recreated with the shared Secret, since their spec changed.
   */
  private List<HasMetadata> perPodTokenSecrets() {
    return ctx.caches().hostSecrets.getStore().list().stream()
        .filter(s -> s.getMetadata().getDeletionTimestamp() == null)
        .filter(s -> NameTranslator.tenantRef(s).filter(r -> "Pod".equals(r.kind())).isPresent())
        .<HasMetadata>map(s -> s)
        .toList();
  }

  private boolean tenantExists(TenantRef ref) {
    SharedIndexInformer<? extends HasMetadata> cache =
        switch (ref.kind()) {
          case "Pod" -> ctx.caches().tenantPods;
          case "ConfigMap" -> ctx.caches().tenantConfigMaps;
          case "Secret" -> ctx.caches().tenantSecrets;
          case "Service" -> ctx.caches().tenantServices;
          case "EndpointSlice" -> ctx.caches().tenantEndpointSlices;
          case "PersistentVolumeClaim" -> ctx.caches().tenantPvcs;
          default -> null;
        };
    if (cache == null) {
      return true; // not a kind we sync: never ours to collect
    }
    HasMetadata tenant = Caches.get(cache, ref.namespace() + "/" + ref.name());
    return tenant != null && (ref.uid() == null || ref.uid().equals(tenant.getMetadata().getUid()));
  }
}
