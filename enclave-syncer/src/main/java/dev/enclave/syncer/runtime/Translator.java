package dev.enclave.syncer.runtime;

import dev.enclave.syncer.translate.Refusal;
import dev.enclave.syncer.translate.TenantRef;
import dev.enclave.syncer.translate.Translation;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.util.List;
import java.util.Map;

/**
 * The pure translation layer as the runtime uses it: names, labels, tenant objects to host copies
 * and host state back to the tenant. One implementation delegates to {@code
 * dev.enclave.syncer.translate}; the runtime never translates by itself.
 */
public interface Translator {

  /** The label every host copy carries, and the only one the host informers select on. */
  Map.Entry<String, String> managedByLabel();

  String hostName(String tenantNamespace, String tenantName);

  /** The tenant object a host copy stands for, or null when it names none. */
  TenantRef tenantRef(HasMetadata hostObject);

  /**
   * @param tokenSecret host name of the Secret holding the tenant service account token
   */
  Translation<Pod> pod(Pod tenantPod, String tokenSecret, String tenantDnsIp);

  Translation<ConfigMap> configMap(ConfigMap tenant);

  Translation<Secret> secret(Secret tenant);

  /** The host Secret carrying a tenant service account's token for the pods that use it. */
  Secret tokenSecret(String tenantNamespace, String serviceAccount, Map<String, String> data);

  Translation<Service> service(Service tenant);

  Translation<EndpointSlice> endpointSlice(EndpointSlice tenant, Service tenantService);

  Translation<PersistentVolumeClaim> pvc(PersistentVolumeClaim tenant);

  PodStatus podStatus(Pod hostPod, Pod tenantPod);

  String nodeName(Pod hostPod);

  /** The tenant's view of a host node; null when the node is not of the jurisdiction. */
  Node tenantNode(Node hostNode);

  /** The tenant's copy of a host Event about a host copy; null when it is about nothing of ours. */
  Event tenantEvent(Event hostEvent, TenantRef about);

  String clusterIP(Service hostService);

  PersistentVolumeClaimStatus pvcStatus(PersistentVolumeClaim hostPvc);

  /** A tenant Event telling why an object was not synced. */
  Event refusalEvent(HasMetadata tenantObject, List<Refusal> reasons);

  PodCondition refusalCondition(List<Refusal> reasons);
}
