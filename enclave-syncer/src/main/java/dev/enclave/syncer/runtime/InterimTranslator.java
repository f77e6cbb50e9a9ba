package dev.enclave.syncer.runtime;

import dev.enclave.syncer.policy.SyncPolicy;
import dev.enclave.syncer.translate.Refusal;
import dev.enclave.syncer.translate.TenantRef;
import dev.enclave.syncer.translate.Translation;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A minimal stand-in for the translate layer (names, labels, placement, a few refusals), used
 * until {@code dev.enclave.syncer.translate} provides the full enforcement.
 */
public final class InterimTranslator implements Translator {
  static final String MANAGED_BY = "app.kubernetes.io/managed-by";
  static final String SYNCER = "enclave-syncer";
  static final String KIND = "enclave.dev/tenant-kind";
  static final String NAMESPACE = "enclave.dev/tenant-namespace";
  static final String NAME = "enclave.dev/tenant-name";
  static final String UID = "enclave.dev/tenant-uid";
  private static final String TENANT_NS_LABEL = "enclave.dev/tenant-namespace";

  private final SyncPolicy policy;

  public InterimTranslator(SyncPolicy policy) {
    this.policy = policy;
  }

  @Override
  public Map.Entry<String, String> managedByLabel() {
    return Map.entry(MANAGED_BY, SYNCER);
  }

  @Override
  public String hostName(String ns, String name) {
    String joined = name + "-x-" + ns + "-x-" + policy.tenantName();
    if (joined.length() <= 63) {
      return joined;
    }
    return joined.substring(0, 52) + "-" + hash(joined).substring(0, 10);
  }

  @Override
  public TenantRef tenantRef(HasMetadata host) {
    Map<String, String> a = host.getMetadata().getAnnotations();
    if (a == null || a.get(NAME) == null || a.get(KIND) == null) {
      return null;
    }
    return new TenantRef(a.get(KIND), a.get(NAMESPACE), a.get(NAME), a.get(UID));
  }

  private ObjectMeta meta(HasMetadata tenant, Map<String, String> keepLabels) {
    Map<String, String> labels = new TreeMap<>();
    if (keepLabels != null) {
      labels.putAll(keepLabels);
    }
    labels.put(MANAGED_BY, SYNCER);
    labels.put(TENANT_NS_LABEL, tenant.getMetadata().getNamespace());
    Map<String, String> annotations = new TreeMap<>();
    annotations.put(KIND, tenant.getKind());
    annotations.put(NAMESPACE, tenant.getMetadata().getNamespace());
    annotations.put(NAME, tenant.getMetadata().getName());
    if (tenant.getMetadata().getUid() != null) {
      annotations.put(UID, tenant.getMetadata().getUid());
    }
    return new ObjectMetaBuilder()
        .withName(hostName(tenant.getMetadata().getNamespace(), tenant.getMetadata().getName()))
        .withNamespace(policy.hostNamespace())
        .withLabels(labels)
        .withAnnotations(annotations)
        .build();
  }

  @Override
  public Translation<Pod> pod(Pod tenant, String tokenSecret, String tenantDnsIp) {
    List<Refusal> refusals = new ArrayList<>();
    if (tenant.getSpec().getNodeName() != null) {
      refusals.add(new Refusal("spec.nodeName", "a tenant pod may not name a node"));
    }
    if (Boolean.TRUE.equals(tenant.getSpec().getHostNetwork())) {
      refusals.add(new Refusal("spec.hostNetwork", "host networking is not allowed"));
    }
    tenant.getSpec().getContainers().stream()
        .filter(c -> c.getSecurityContext() != null)
        .filter(c -> Boolean.TRUE.equals(c.getSecurityContext().getPrivileged()))
        .forEach(
            c ->
                refusals.add(
                    new Refusal(
                        "spec.containers[" + c.getName() + "].securityContext.privileged",
                        "privileged containers are not allowed")));
    if (!refusals.isEmpty()) {
      return Translation.refused(refusals);
    }
    List<NodeSelectorRequirement> required = new ArrayList<>();
    policy.nodeSelector().forEach((k, v) -> required.add(new NodeSelectorRequirement(k, "In", List.of(v))));
    Pod host =
        new PodBuilder()
            .withMetadata(meta(tenant, tenant.getMetadata().getLabels()))
            .withSpec(tenant.getSpec())
            .editSpec()
            .withServiceAccountName(null)
            .withServiceAccount(null)
            .withAutomountServiceAccountToken(false)
            .withNewAffinity()
            .withNewNodeAffinity()
            .withNewRequiredDuringSchedulingIgnoredDuringExecution()
            .addNewNodeSelectorTerm()
            .withMatchExpressions(required)
            .endNodeSelectorTerm()
            .endRequiredDuringSchedulingIgnoredDuringExecution()
            .endNodeAffinity()
            .endAffinity()
            .addAllToTolerations(policy.tolerations())
            .endSpec()
            .build();
    return Translation.synced(host);
  }

  @Override
  public Translation<ConfigMap> configMap(ConfigMap tenant) {
    return Translation.synced(
        new ConfigMapBuilder(tenant).withMetadata(meta(tenant, null)).build());
  }

  @Override
  public Translation<Secret> secret(Secret tenant) {
    String type = tenant.getType();
    return Translation.synced(
        new SecretBuilder(tenant)
            .withMetadata(meta(tenant, null))
            .withType("kubernetes.io/service-account-token".equals(type) ? "Opaque" : type)
            .build());
  }

  @Override
  public Secret tokenSecret(String ns, String serviceAccount, Map<String, String> data) {
    HasMetadata sa =
        new io.fabric8.kubernetes.api.model.ServiceAccountBuilder()
            .withNewMetadata()
            .withNamespace(ns)
            .withName(serviceAccount)
            .endMetadata()
            .build();
    ObjectMeta meta = meta(sa, null);
    meta.setName(hostName(ns, serviceAccount + "-token"));
    return new SecretBuilder().withMetadata(meta).withType("Opaque").withData(data).build();
  }

  @Override
  public Translation<Service> service(Service tenant) {
    String type = tenant.getSpec().getType() == null ? "ClusterIP" : tenant.getSpec().getType();
    if (!policy.serviceTypes().contains(type)) {
      return Translation.refused(
          List.of(
              new Refusal(
                  "spec.type",
                  "service type " + type + " is not allowed; allowed: " + policy.serviceTypes())));
    }
    Map<String, String> selector = tenant.getSpec().getSelector();
    if (selector != null && !selector.isEmpty()) {
      selector = new TreeMap<>(selector);
      selector.put(TENANT_NS_LABEL, tenant.getMetadata().getNamespace());
    }
    return Translation.synced(
        new ServiceBuilder()
            .withMetadata(meta(tenant, null))
            .withNewSpec()
            .withType(type)
            .withPorts(tenant.getSpec().getPorts())
            .withSelector(selector)
            .endSpec()
            .build());
  }

  @Override
  public Translation<EndpointSlice> endpointSlice(EndpointSlice tenant, Service service) {
    ObjectMeta meta = meta(tenant, null);
    meta.getLabels()
        .put(
            "kubernetes.io/service-name",
            hostName(tenant.getMetadata().getNamespace(), service.getMetadata().getName()));
    return Translation.synced(new EndpointSliceBuilder(tenant).withMetadata(meta).build());
  }

  @Override
  public Translation<PersistentVolumeClaim> pvc(PersistentVolumeClaim tenant) {
    String sc = tenant.getSpec().getStorageClassName();
    if (sc == null) {
      sc = policy.defaultStorageClass();
    }
    if (!policy.storageClasses().contains(sc)) {
      return Translation.refused(
          List.of(
              new Refusal(
                  "spec.storageClassName",
                  "storage class " + sc + " is not allowed; allowed: " + policy.storageClasses())));
    }
    return Translation.synced(
        new PersistentVolumeClaimBuilder()
            .withMetadata(meta(tenant, null))
            .withSpec(tenant.getSpec())
            .editSpec()
            .withStorageClassName(sc)
            .withVolumeName(null)
            .endSpec()
            .build());
  }

  @Override
  public PodStatus podStatus(Pod hostPod, Pod tenantPod) {
    return hostPod.getStatus();
  }

  @Override
  public String nodeName(Pod hostPod) {
    return hostPod.getSpec().getNodeName();
  }

  @Override
  public Node tenantNode(Node hostNode) {
    Map<String, String> labels = hostNode.getMetadata().getLabels();
    for (Map.Entry<String, String> e : policy.nodeSelector().entrySet()) {
      if (labels == null || !e.getValue().equals(labels.get(e.getKey()))) {
        return null;
      }
    }
    Map<String, String> tenantLabels = new LinkedHashMap<>(labels);
    tenantLabels.put(MANAGED_BY, SYNCER);
    return new NodeBuilder()
        .withNewMetadata()
        .withName(hostNode.getMetadata().getName())
        .withLabels(tenantLabels)
        .endMetadata()
        .withStatus(hostNode.getStatus())
        .build();
  }

  @Override
  public Event tenantEvent(Event hostEvent, TenantRef about) {
    return new EventBuilder(hostEvent)
        .withNewMetadata()
        .withNamespace(about.namespace())
        .withName(about.name() + "." + hash(hostEvent.getMetadata().getName()).substring(0, 16))
        .endMetadata()
        .editInvolvedObject()
        .withNamespace(about.namespace())
        .withName(about.name())
        .withUid(about.uid())
        .withResourceVersion(null)
        .endInvolvedObject()
        .build();
  }

  @Override
  public String clusterIP(Service hostService) {
    return hostService.getSpec() == null ? null : hostService.getSpec().getClusterIP();
  }

  @Override
  public PersistentVolumeClaimStatus pvcStatus(PersistentVolumeClaim hostPvc) {
    return hostPvc.getStatus();
  }

  @Override
  public Event refusalEvent(HasMetadata tenant, List<Refusal> reasons) {
    return new EventBuilder()
        .withNewMetadata()
        .withNamespace(tenant.getMetadata().getNamespace())
        .withName(tenant.getMetadata().getName() + ".refused")
        .endMetadata()
        .withType("Warning")
        .withReason("SyncRefused")
        .withMessage(
            String.join("; ", reasons.stream().map(Refusal::describe).toList()))
        .withNewInvolvedObject()
        .withKind(tenant.getKind())
        .withApiVersion(tenant.getApiVersion())
        .withNamespace(tenant.getMetadata().getNamespace())
        .withName(tenant.getMetadata().getName())
        .withUid(tenant.getMetadata().getUid())
        .endInvolvedObject()
        .build();
  }

  @Override
  public PodCondition refusalCondition(List<Refusal> reasons) {
    return new PodConditionBuilder()
        .withType("enclave.dev/Synced")
        .withStatus("False")
        .withReason("Refused")
        .withMessage(String.join("; ", reasons.stream().map(Refusal::describe).toList()))
        .build();
  }

  static String hash(String text) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(sha.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
