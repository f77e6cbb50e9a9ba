package dev.enclave.syncer.runtime;

import dev.enclave.syncer.translate.TenantRef;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Decides which host copies are orphans: objects with the syncer's labels whose tenant object no
 * longer exists. It refuses to decide from a cache that has not synced, because an object missing
 * from a partial cache is not an object that is gone. A host Service that carries a tenant Service
 * being recreated ({@link ServiceRecreation#JOURNAL}) is never an orphan: the sync pass creates the
 * tenant Service from it.
 */
public final class GarbageCollection {

  /** The outcome: delete these host objects, or decide nothing and say why. */
  public sealed interface Decision {
    /** Host objects to delete. */
    record Delete(List<HasMetadata> orphans) implements Decision {
      public Delete {
        orphans = List.copyOf(orphans);
      }
    }

    /** Nothing may be decided yet. */
    record NotYet(String reason) implements Decision {}
  }

  private GarbageCollection() {}

  /**
   * @param tenantRef the tenant object a host copy stands for, or null when it names none
   * @param tenantExists whether that tenant object is in the tenant cache (same uid if known)
   */
  public static Decision orphans(
      boolean tenantSynced,
      boolean hostSynced,
      List<? extends HasMetadata> hostObjects,
      Function<HasMetadata, TenantRef> tenantRef,
      Predicate<TenantRef> tenantExists) {
    if (!tenantSynced || !hostSynced) {
      return new Decision.NotYet(
          (tenantSynced ? "" : "tenant cache not synced; ")
              + (hostSynced ? "" : "host cache not synced; ")
              + "no orphan is collected from a partial cache");
    }
    List<HasMetadata> orphans =
        hostObjects.stream()
            .<HasMetadata>map(o -> o)
            .filter(o -> o.getMetadata().getDeletionTimestamp() == null)
            .filter(o -> !ServiceRecreation.journaled(o))
            .filter(
                o -> {
                  TenantRef ref = tenantRef.apply(o);
                  return ref != null && !tenantExists.test(ref);
                })
            .toList();
    return new Decision.Delete(orphans);
  }
}
