package dev.enclave.syncer.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the status fields the syncer owns on a tenant pod, with a JSON merge patch of the status
 * subresource, and only when one of them differs from what the tenant pod shows.
 */
final class TenantPodStatus {
  /**
   * The status fields mirrored from the host; fields absent on the host are cleared. Not {@code
   * qosClass}: the tenant's API server sets it from the tenant pod's resources at creation and
   * refuses any change, and the host copy may differ (the host namespace's LimitRange adds
   * requests).
   */
  static final List<String> OWNED =
      List.of(
          "phase",
          "conditions",
          "message",
          "reason",
          "hostIP",
          "hostIPs",
          "podIP",
          "podIPs",
          "startTime",
          "initContainerStatuses",
          "containerStatuses");

  private static final ObjectMapper JSON = Serialization.jsonMapper();
  private static final PatchContext MERGE = PatchContext.of(PatchType.JSON_MERGE);

  private TenantPodStatus() {}

  /** Patches the tenant pod's status to {@code desired}; returns false when nothing differed. */
  static boolean apply(KubernetesClient tenant, Pod tenantPod, PodStatus desired) {
    Map<String, Object> want = owned(desired);
    if (want.equals(owned(tenantPod.getStatus()))) {
      return false;
    }
    String patch = Serialization.asJson(Map.of("status", want));
    tenant
        .pods()
        .inNamespace(tenantPod.getMetadata().getNamespace())
        .withName(tenantPod.getMetadata().getName())
        .subresource("status")
        .patch(MERGE, patch);
    return true;
  }

  /** The status of a refused pod: Pending, with the refusal condition among the others. */
  static PodStatus refused(Pod tenantPod, PodCondition refusal) {
    PodStatus current = tenantPod.getStatus() == null ? new PodStatus() : tenantPod.getStatus();
    List<PodCondition> conditions = new ArrayList<>();
    if (current.getConditions() != null) {
      current.getConditions().stream()
          .filter(c -> !refusal.getType().equals(c.getType()))
          .forEach(conditions::add);
    }
    PodCondition previous =
        current.getConditions() == null
            ? null
            : current.getConditions().stream()
                .filter(c -> refusal.getType().equals(c.getType()))
                .findFirst()
                .orElse(null);
    conditions.add(sameAs(previous, refusal) ? previous : refusal);
    PodStatus status = JSON.convertValue(current, PodStatus.class);
    status.setPhase("Pending");
    status.setConditions(conditions);
    return status;
  }

  private static boolean sameAs(PodCondition previous, PodCondition refusal) {
    return previous != null
        && previous.getStatus().equals(refusal.getStatus())
        && java.util.Objects.equals(previous.getReason(), refusal.getReason())
        && java.util.Objects.equals(previous.getMessage(), refusal.getMessage());
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> owned(PodStatus status) {
    Map<String, Object> all =
        status == null ? Map.of() : JSON.convertValue(status, LinkedHashMap.class);
    Map<String, Object> owned = new LinkedHashMap<>();
    for (String field : OWNED) {
      Object value = all.get(field);
      boolean empty =
          value == null
              || (value instanceof Collection<?> c && c.isEmpty())
              || (value instanceof Map<?, ?> m && m.isEmpty());
      owned.put(field, empty ? null : value);
    }
    return owned;
  }
}
