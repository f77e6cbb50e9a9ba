package dev.enclave.syncer.runtime;

import dev.enclave.syncer.translate.HostToTenant;
import dev.enclave.syncer.translate.TenantToHost;
import dev.enclave.syncer.translate.Translation;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimStatus;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * PersistentVolumeClaims to the host, their phase back. A claim refused after its host copy
 * exists (the policy changed) keeps the copy: deleting it would delete the tenant's data, so
 * only deleting the tenant claim deletes the host claim.
 */
public final class PvcSync {
  private final SyncContext ctx;

  public PvcSync(SyncContext ctx) {
    this.ctx = ctx;
  }

  public void reconcile(String key) {
    PersistentVolumeClaim tenant = Caches.get(ctx.caches().tenantPvcs, key);
    PersistentVolumeClaim host =
        Caches.get(
            ctx.caches().hostPvcs,
            ctx.hostKey(SyncContext.namespaceOf(key), SyncContext.nameOf(key)));
    if (tenant == null || tenant.getMetadata().getDeletionTimestamp() != null) {
      HostWrites.delete(ctx.host(), host);
      return;
    }
    Translation<PersistentVolumeClaim> translation = TenantToHost.pvc(tenant, ctx.policy());
    if (translation instanceof Translation.Refused<PersistentVolumeClaim> refused) {
      ctx.refusals().record(tenant, refused.reasons());
      return;
    }
    PersistentVolumeClaim desired =
        ((Translation.Synced<PersistentVolumeClaim>) translation).hostObject();
    if (host != null) {
      // Only labels, annotations and the requested size may change on an existing claim.
      desired.getSpec().setAccessModes(null);
      desired.getSpec().setStorageClassName(null);
      desired.getSpec().setVolumeMode(null);
      desired.getSpec().setSelector(null);
      desired.getSpec().setDataSource(null);
      desired.getSpec().setDataSourceRef(null);
      desired.getSpec().setVolumeName(null);
    }
    Object owned =
        List.of(
            String.valueOf(desired.getMetadata().getLabels()),
            String.valueOf(desired.getMetadata().getAnnotations()),
            String.valueOf(desired.getSpec().getResources()));
    HostWrites.ensure(ctx.host(), host, desired, owned, HostWrites.Update.MERGE_PATCH);
    if (host != null) {
      statusBack(tenant, HostToTenant.pvcStatus(host));
    }
  }

  private void statusBack(PersistentVolumeClaim tenant, PersistentVolumeClaimStatus status) {
    PersistentVolumeClaimStatus current = tenant.getStatus();
    if (status == null
        || current != null
            && Objects.equals(current.getPhase(), status.getPhase())
            && Objects.equals(current.getCapacity(), status.getCapacity())
            && Objects.equals(current.getAccessModes(), status.getAccessModes())) {
      return;
    }
    Map<String, Object> patch = new LinkedHashMap<>();
    patch.put("phase", status.getPhase());
    patch.put("capacity", status.getCapacity());
    patch.put("accessModes", status.getAccessModes());
    ctx.tenant()
        .persistentVolumeClaims()
        .inNamespace(tenant.getMetadata().getNamespace())
        .withName(tenant.getMetadata().getName())
        .subresource("status")
        .patch(PatchContext.of(PatchType.JSON_MERGE), Serialization.asJson(Map.of("status", patch)));
  }
}
