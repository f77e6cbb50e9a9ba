package dev.enclave.syncer.translate;

import dev.enclave.syncer.policy.SyncPolicy;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a tenant pod into the host pod that runs it, enforcing the jurisdiction: placement,
 * runtime class, Pod Security level, registries, volumes, tokens and DNS. A pod breaking any rule
 * is refused with every reason, never partially synced.
 */
public final class PodEnforcer {
  private PodEnforcer() {}

  public static Translation<Pod> toHost(Pod tenantPod, SyncPolicy policy, PodContext context) {
    List<Refusal> refusals = new ArrayList<>();
    refusals.add(new Refusal("spec", "not implemented yet"));
    return Translation.refused(refusals);
  }
}
