package dev.enclave.syncer.runtime;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;

/**
 * Writes one host copy only when the fingerprint of what we own differs from the copy's: create
 * when missing, replace (with the cached resourceVersion, so a concurrent change gets 409 and a
 * retry) or merge-patch when the server allocates fields we must keep, delete when unwanted.
 */
final class HostWrites {
  /** How an existing copy is brought up to date. */
  enum Update {
    REPLACE,
    MERGE_PATCH
  }

  private HostWrites() {}

  /** Returns true when it wrote. */
  static <T extends HasMetadata> boolean ensure(
      KubernetesClient client, T existing, T desired, Object owned, Update update) {
    String fingerprint = Fingerprints.of(owned);
    if (existing != null && Fingerprints.matches(existing, fingerprint)) {
      return false;
    }
    T stamped = Fingerprints.stamp(desired, fingerprint);
    if (existing == null) {
      client.resource(stamped).create();
    } else if (update == Update.REPLACE) {
      stamped.getMetadata().setResourceVersion(existing.getMetadata().getResourceVersion());
      client.resource(stamped).update();
    } else {
      client.resource(stamped).patch(PatchContext.of(PatchType.JSON_MERGE));
    }
    return true;
  }

  static void delete(KubernetesClient client, HasMetadata existing) {
    if (existing != null && existing.getMetadata().getDeletionTimestamp() == null) {
      client.resource(existing).delete();
    }
  }
}
