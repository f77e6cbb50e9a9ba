package dev.enclave.syncer.translate;

import dev.enclave.api.v1alpha1.EnclaveApi;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventSource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeSpec;
import io.fabric8.kubernetes.api.model.NodeStatus;
import io.fabric8.kubernetes.api.model.NodeSystemInfo;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceStatus;
import io.fabric8.kubernetes.api.model.Taint;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** What flows back from the host to the tenant: statuses, nodes, events and refusals. */
public final class HostToTenant {
  public static final String SYNCED_CONDITION = "enclave.dev/Synced";
  public static final String REFUSED_REASON = "RefusedByJurisdiction";
  public static final String COMPONENT = "enclave-syncer";
  static final int MAX_MESSAGE = 1024;

  /** Node labels a tenant may see: where and what a node is, never how the host runs it. */
  static final Set<String> NODE_LABELS =
      Set.of(
          "kubernetes.io/hostname",
          "kubernetes.io/arch",
          "kubernetes.io/os",
          "beta.kubernetes.io/arch",
          "beta.kubernetes.io/os",
          "topology.kubernetes.io/zone",
          "topology.kubernetes.io/region",
          "failure-domain.beta.kubernetes.io/zone",
          "failure-domain.beta.kubernetes.io/region",
          "node.kubernetes.io/instance-type",
          "beta.kubernetes.io/instance-type",
          EnclaveApi.JURISDICTION_LABEL);

  private static final String NODE_CONDITION_TAINTS = "node.kubernetes.io/";

  private HostToTenant() {}

  /** The host pod's status as the tenant's pod status; IPs and conditions are the host's truth. */
  public static PodStatus podStatus(Pod hostPod) {
    PodStatus status = hostPod == null ? null : hostPod.getStatus();
    return status == null ? new PodStatus() : ModelCopies.copy(status, PodStatus.class);
  }

  /** The node the host pod runs on, to be bound to the tenant pod; null until scheduled. */
  public static String nodeName(Pod hostPod) {
    return hostPod == null || hostPod.getSpec() == null ? null : hostPod.getSpec().getNodeName();
  }

  /**
   * A virtual node for the tenant: the host node's name, addresses, capacity and conditions, and
   * only labels from {@link #NODE_LABELS}. Annotations, provider IDs, pod CIDRs, machine IDs, the
   * images and volumes of other tenants, and the kubelet endpoint are left out; only the standard
   * condition taints ({@code node.kubernetes.io/*}) are shown.
   */
  public static Node tenantNode(Node hostNode) {
    ObjectMeta meta = new ObjectMeta();
    ObjectMeta host = hostNode == null ? null : hostNode.getMetadata();
    meta.setName(host == null ? null : host.getName());
    Map<String, String> labels = new TreeMap<>();
    if (host != null && host.getLabels() != null) {
      host.getLabels()
          .forEach(
              (k, v) -> {
                if (k != null && NODE_LABELS.contains(k)) {
                  labels.put(k, v);
                }
              });
    }
    meta.setLabels(labels);
    Node node = new Node();
    node.setMetadata(meta);
    node.setSpec(nodeSpec(hostNode == null ? null : hostNode.getSpec()));
    node.setStatus(nodeStatus(hostNode == null ? null : hostNode.getStatus()));
    return node;
  }

  /**
   * A host event about a synced object, re-pointed at the tenant object, with the host namespace
   * and host object name in its message replaced by the tenant's.
   */
  public static Event tenantEvent(Event hostEvent, TenantRef involved, String tenantNamespace) {
    ObjectMeta hostMeta =
        hostEvent.getMetadata() == null ? new ObjectMeta() : hostEvent.getMetadata();
    ObjectReference hostObject =
        hostEvent.getInvolvedObject() == null
            ? new ObjectReference()
            : hostEvent.getInvolvedObject();
    String hostName = hostMeta.getName() == null ? "" : hostMeta.getName();
    ObjectMeta meta = new ObjectMeta();
    meta.setName(involved.name() + "." + hostName.substring(hostName.lastIndexOf('.') + 1));
    meta.setNamespace(tenantNamespace);
    ObjectReference object = new ObjectReference();
    object.setKind(involved.kind());
    object.setApiVersion(hostObject.getApiVersion());
    object.setNamespace(tenantNamespace);
    object.setName(involved.name());
    object.setUid(involved.uid());
    object.setFieldPath(hostObject.getFieldPath());
    Event event = new Event();
    event.setMetadata(meta);
    event.setInvolvedObject(object);
    event.setReason(hostEvent.getReason());
    event.setType(hostEvent.getType());
    event.setCount(hostEvent.getCount());
    event.setFirstTimestamp(hostEvent.getFirstTimestamp());
    event.setLastTimestamp(hostEvent.getLastTimestamp());
    event.setEventTime(hostEvent.getEventTime());
    event.setAction(hostEvent.getAction());
    event.setReportingComponent(hostEvent.getReportingComponent());
    event.setReportingInstance(hostEvent.getReportingInstance());
    event.setSource(hostEvent.getSource());
    event.setMessage(
        scrub(
            hostEvent.getMessage(),
            hostObject.getName(),
            involved.name(),
            hostMeta.getNamespace(),
            tenantNamespace));
    return event;
  }

  /** The cluster IP the host assigned, reported back on the tenant Service. */
  public static String clusterIP(Service hostService) {
    return hostService == null || hostService.getSpec() == null
        ? null
        : hostService.getSpec().getClusterIP();
  }

  /** The host Service's status (load-balancer ingress), reported back to the tenant. */
  public static ServiceStatus serviceStatus(Service hostService) {
    ServiceStatus status = hostService == null ? null : hostService.getStatus();
    return status == null ? new ServiceStatus() : ModelCopies.copy(status, ServiceStatus.class);
  }

  /** The host claim's status: phase, capacity, access modes. */
  public static PersistentVolumeClaimStatus pvcStatus(PersistentVolumeClaim hostPvc) {
    PersistentVolumeClaimStatus status = hostPvc == null ? null : hostPvc.getStatus();
    return status == null
        ? new PersistentVolumeClaimStatus()
        : ModelCopies.copy(status, PersistentVolumeClaimStatus.class);
  }

  /** A Warning event on the tenant object naming every reason it was not synced. */
  public static Event refusalEvent(HasMetadata tenantObject, List<Refusal> reasons, Instant now) {
    ObjectMeta tenant = tenantObject.getMetadata();
    ObjectMeta meta = new ObjectMeta();
    meta.setName(tenant.getName() + "." + Long.toHexString(now.toEpochMilli()));
    meta.setNamespace(tenant.getNamespace());
    ObjectReference object = new ObjectReference();
    object.setApiVersion(tenantObject.getApiVersion());
    object.setKind(tenantObject.getKind());
    object.setNamespace(tenant.getNamespace());
    object.setName(tenant.getName());
    object.setUid(tenant.getUid());
    object.setResourceVersion(tenant.getResourceVersion());
    Event event = new Event();
    event.setMetadata(meta);
    event.setInvolvedObject(object);
    event.setType("Warning");
    event.setReason(REFUSED_REASON);
    event.setMessage(message(reasons));
    event.setCount(1);
    event.setFirstTimestamp(now.toString());
    event.setLastTimestamp(now.toString());
    event.setSource(new EventSource(COMPONENT, null));
    event.setReportingComponent(COMPONENT);
    return event;
  }

  /** The pod condition saying the pod was not synced and why; the runtime sets the time. */
  public static PodCondition refusalCondition(List<Refusal> reasons) {
    PodCondition condition = new PodCondition();
    condition.setType(SYNCED_CONDITION);
    condition.setStatus("False");
    condition.setReason(REFUSED_REASON);
    condition.setMessage(message(reasons));
    return condition;
  }

  /** The refusal condition with its transition time. */
  public static PodCondition refusalCondition(List<Refusal> reasons, Instant now) {
    PodCondition condition = refusalCondition(reasons);
    condition.setLastTransitionTime(now.toString());
    return condition;
  }

  static String message(List<Refusal> reasons) {
    String all =
        "Not synced to the host, the jurisdiction does not allow it: "
            + reasons.stream().map(Refusal::describe).collect(Collectors.joining("; "));
    return all.length() <= MAX_MESSAGE ? all : all.substring(0, MAX_MESSAGE - 1) + "…";
  }

  private static String scrub(
      String message,
      String hostName,
      String tenantName,
      String hostNamespace,
      String tenantNamespace) {
    if (message == null) {
      return null;
    }
    String scrubbed = message;
    if (hostName != null && !hostName.isEmpty()) {
      scrubbed = scrubbed.replace(hostName, tenantName);
    }
    if (hostNamespace != null && !hostNamespace.isEmpty()) {
      scrubbed = scrubbed.replace(hostNamespace, tenantNamespace);
    }
    return scrubbed;
  }

  private static NodeSpec nodeSpec(NodeSpec host) {
    NodeSpec spec = new NodeSpec();
    if (host == null) {
      return spec;
    }
    spec.setUnschedulable(host.getUnschedulable());
    if (host.getTaints() != null) {
      List<Taint> taints =
          host.getTaints().stream()
              .filter(
                  t ->
                      t != null
                          && t.getKey() != null
                          && t.getKey().startsWith(NODE_CONDITION_TAINTS))
              .map(t -> ModelCopies.copy(t, Taint.class))
              .toList();
      spec.setTaints(taints);
    }
    return spec;
  }

  private static NodeStatus nodeStatus(NodeStatus host) {
    NodeStatus status = new NodeStatus();
    if (host == null) {
      return status;
    }
    NodeStatus copy = ModelCopies.copy(host, NodeStatus.class);
    status.setAddresses(copy.getAddresses());
    status.setCapacity(copy.getCapacity());
    status.setAllocatable(copy.getAllocatable());
    status.setConditions(copy.getConditions());
    status.setPhase(copy.getPhase());
    NodeSystemInfo info = copy.getNodeInfo();
    if (info != null) {
      info.setMachineID(null);
      info.setSystemUUID(null);
      info.setBootID(null);
      status.setNodeInfo(info);
    }
    return status;
  }
}
