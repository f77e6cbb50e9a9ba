package dev.enclave.syncer.translate;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.Service;
import java.time.Instant;
import java.util.List;

/** What flows back from the host to the tenant: statuses, nodes, events and refusals. */
public final class HostToTenant {
  public static final String SYNCED_CONDITION = "enclave.dev/Synced";
  public static final String REFUSED_REASON = "RefusedByJurisdiction";

  private HostToTenant() {}

  public static PodStatus podStatus(Pod hostPod) {
    return new PodStatus();
  }

  public static String nodeName(Pod hostPod) {
    return null;
  }

  public static Node tenantNode(Node hostNode) {
    return new Node();
  }

  public static Event tenantEvent(Event hostEvent, TenantRef involved, String tenantNamespace) {
    return new Event();
  }

  public static String clusterIP(Service hostService) {
    return null;
  }

  public static PersistentVolumeClaimStatus pvcStatus(PersistentVolumeClaim hostPvc) {
    return new PersistentVolumeClaimStatus();
  }

  public static Event refusalEvent(HasMetadata tenantObject, List<Refusal> reasons, Instant now) {
    return new Event();
  }

  public static PodCondition refusalCondition(List<Refusal> reasons) {
    return new PodCondition();
  }
}
