package dev.enclave.syncer.runtime;

import dev.enclave.syncer.translate.TenantToHost;
import dev.enclave.syncer.translate.Translation;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.function.Function;

/**
 * ConfigMaps and Secrets, on the host exactly while a synced tenant pod uses them. A host copy
 * deleted by someone else is written again from the tenant's object.
 */
public final class ReferencedSync<T extends HasMetadata> {
  private final SyncContext ctx;
  private final ReferenceIndex.Kind kind;
  private final SharedIndexInformer<T> tenantCache;
  private final SharedIndexInformer<T> hostCache;
  private final Function<T, Translation<T>> translate;
  private final Function<T, Object> owned;

  private ReferencedSync(
      SyncContext ctx,
      ReferenceIndex.Kind kind,
      SharedIndexInformer<T> tenantCache,
      SharedIndexInformer<T> hostCache,
      Function<T, Translation<T>> translate,
      Function<T, Object> owned) {
    this.ctx = ctx;
    this.kind = kind;
    this.tenantCache = tenantCache;
    this.hostCache = hostCache;
    this.translate = translate;
    this.owned = owned;
  }

  public static ReferencedSync<ConfigMap> configMaps(SyncContext ctx) {
    return new ReferencedSync<>(
        ctx,
        ReferenceIndex.Kind.CONFIG_MAP,
        ctx.caches().tenantConfigMaps,
        ctx.caches().hostConfigMaps,
        cm -> TenantToHost.configMap(cm, ctx.policy()),
        cm ->
            new Object[] {
              cm.getMetadata().getLabels(), cm.getMetadata().getAnnotations(), cm.getData(),
              cm.getBinaryData(), cm.getImmutable()
            });
  }

  public static ReferencedSync<Secret> secrets(SyncContext ctx) {
    return new ReferencedSync<>(
        ctx,
        ReferenceIndex.Kind.SECRET,
        ctx.caches().tenantSecrets,
        ctx.caches().hostSecrets,
        s -> TenantToHost.secret(s, ctx.policy()),
        s ->
            new Object[] {
              s.getMetadata().getLabels(), s.getMetadata().getAnnotations(), s.getType(),
              s.getData(), s.getImmutable()
            });
  }

  public void reconcile(String key) {
    T tenant = Caches.get(tenantCache, key);
    T host =
        Caches.get(
            hostCache, ctx.hostKey(SyncContext.namespaceOf(key), SyncContext.nameOf(key)));
    if (tenant == null || !ctx.references().isUsed(kind, key)) {
      HostWrites.delete(ctx.host(), host);
      return;
    }
    Translation<T> translation = translate.apply(tenant);
    if (translation instanceof Translation.Refused<T> refused) {
      ctx.refusals().record(tenant, refused.reasons());
      HostWrites.delete(ctx.host(), host);
      return;
    }
    T desired = ((Translation.Synced<T>) translation).hostObject();
    HostWrites.ensure(
        ctx.host(), host, desired, owned.apply(desired), HostWrites.Update.REPLACE);
  }
}
