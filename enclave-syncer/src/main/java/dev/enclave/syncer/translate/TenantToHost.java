package dev.enclave.syncer.translate;

import dev.enclave.core.sync.SyncPolicy;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceSpec;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Host copies of the tenant objects pods use, other than pods themselves.
 *
 * <p>ServiceAccounts are not synced: a tenant's ServiceAccounts live and authenticate in the
 * tenant's API server; every synced pod runs as one permissionless host ServiceAccount ({@link
 * NameTranslator#workloadServiceAccount}) and receives its tenant token through a Secret.
 */
public final class TenantToHost {
  public static final String SERVICE_ACCOUNT_TOKEN = "kubernetes.io/service-account-token";
  public static final String EXTERNAL_NAME = "ExternalName";
  public static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";
  public static final String SLICE_MANAGED_BY_LABEL = "endpointslice.kubernetes.io/managed-by";
  public static final String SLICE_MANAGER = "enclave-syncer.enclave.dev";

  private TenantToHost() {}

  public static Translation<ConfigMap> configMap(ConfigMap tenant, SyncPolicy policy) {
    List<Refusal> refusals = named(tenant);
    if (!refusals.isEmpty()) {
      return Translation.refused(refusals);
    }
    ConfigMap host = new ConfigMap();
    host.setMetadata(metadata(tenant, policy));
    host.setData(sorted(tenant.getData()));
    host.setBinaryData(sorted(tenant.getBinaryData()));
    host.setImmutable(tenant.getImmutable());
    return Translation.synced(host);
  }

  /** Copies a Secret of any type but service-account-token, which would mint host tokens. */
  public static Translation<Secret> secret(Secret tenant, SyncPolicy policy) {
    List<Refusal> refusals = named(tenant);
    if (tenant != null && SERVICE_ACCOUNT_TOKEN.equals(tenant.getType())) {
      Refusals.add(
          refusals,
          "type",
          SERVICE_ACCOUNT_TOKEN,
          "any other type; the host would fill it with a host token");
    }
    if (!refusals.isEmpty()) {
      return Translation.refused(refusals);
    }
    Secret host = new Secret();
    host.setMetadata(metadata(tenant, policy));
    host.setType(tenant.getType());
    host.setData(sorted(tenant.getData()));
    host.setStringData(sorted(tenant.getStringData()));
    host.setImmutable(tenant.getImmutable());
    return Translation.synced(host);
  }

  /**
   * A Service of an allowed type, selecting the synced pods the tenant's selector meant. Host
   * addresses are the host's: cluster IPs and node ports are assigned there, external IPs and a
   * requested load-balancer IP are refused, and ExternalName is always refused because it points
   * wherever a DNS name does, including outside the jurisdiction and at host services.
   */
  public static Translation<Service> service(Service tenant, SyncPolicy policy) {
    List<Refusal> refusals = named(tenant);
    ServiceSpec spec = tenant == null ? null : tenant.getSpec();
    if (refusals.isEmpty() && spec == null) {
      Refusals.add(refusals, "spec", "unset", "a service spec");
    }
    if (!refusals.isEmpty()) {
      return Translation.refused(refusals);
    }
    String type = spec.getType() == null ? SyncPolicy.CLUSTER_IP : spec.getType();
    if (EXTERNAL_NAME.equals(type)) {
      Refusals.add(
          refusals,
          "spec.type",
          type,
          "not ExternalName: it can point outside the jurisdiction or at host services");
    } else if (!policy.serviceTypes().contains(type)) {
      Refusals.add(refusals, "spec.type", type, "one of " + new TreeSet<>(policy.serviceTypes()));
    }
    if (spec.getExternalIPs() != null && !spec.getExternalIPs().isEmpty()) {
      Refusals.add(refusals, "spec.externalIPs", spec.getExternalIPs(), "none (host addresses)");
    }
    if (spec.getLoadBalancerIP() != null && !spec.getLoadBalancerIP().isEmpty()) {
      Refusals.add(
          refusals, "spec.loadBalancerIP", spec.getLoadBalancerIP(), "unset (host addresses)");
    }
    String namespace = tenant.getMetadata().getNamespace();
    Map<String, String> selector = null;
    if (spec.getSelector() != null && !spec.getSelector().isEmpty()) {
      selector = LabelSelectors.toHost(spec.getSelector(), "spec.selector", refusals);
      selector.put(NameTranslator.OBJECT_NAMESPACE, namespace);
      selector.put(NameTranslator.MANAGED_BY_LABEL, NameTranslator.MANAGED_BY);
    }
    if (!refusals.isEmpty()) {
      return Translation.refused(refusals);
    }
    ServiceSpec host = ModelCopies.copy(spec, ServiceSpec.class);
    host.setSelector(selector);
    host.setClusterIP(null);
    host.setClusterIPs(null);
    host.setExternalName(null);
    host.setHealthCheckNodePort(null);
    if (host.getPorts() != null) {
      host.getPorts().stream().filter(p -> p != null).forEach(p -> p.setNodePort(null));
    }
    Service service = new Service();
    service.setMetadata(metadata(tenant, policy));
    service.setSpec(host);
    return Translation.synced(service);
  }

  /**
   * The endpoints of a selector-less tenant Service; Services with a selector get theirs from the
   * host's controller, which sees the synced pods.
   */
  public static Translation<EndpointSlice> endpointSlice(
      EndpointSlice tenant, Service tenantService, SyncPolicy policy) {
    List<Refusal> refusals = named(tenant);
    if (tenantService == null || tenantService.getMetadata() == null) {
      Refusals.add(
          refusals,
          "metadata.labels[\"" + SERVICE_NAME_LABEL + "\"]",
          "no such service",
          "a Service of the same namespace");
    } else if (tenantService.getSpec() != null
        && tenantService.getSpec().getSelector() != null
        && !tenantService.getSpec().getSelector().isEmpty()) {
      Refusals.add(
          refusals,
          "metadata.labels[\"" + SERVICE_NAME_LABEL + "\"]",
          tenantService.getMetadata().getName(),
          "a Service without a selector; the host manages the endpoints of the others");
    }
    if (!refusals.isEmpty()) {
      return Translation.refused(refusals);
    }
    String namespace = tenant.getMetadata().getNamespace();
    EndpointSlice host = ModelCopies.copy(tenant, EndpointSlice.class);
    ObjectMeta meta = metadata(tenant, policy);
    meta.getLabels()
        .put(
            SERVICE_NAME_LABEL,
            NameTranslator.hostName(namespace, tenantService.getMetadata().getName()));
    meta.getLabels().put(SLICE_MANAGED_BY_LABEL, SLICE_MANAGER);
    host.setMetadata(meta);
    if (host.getEndpoints() != null) {
      for (Endpoint endpoint : host.getEndpoints()) {
        if (endpoint != null) {
          endpoint.setTargetRef(targetRef(endpoint.getTargetRef(), namespace, policy));
        }
      }
    }
    return Translation.synced(host);
  }

  /** A claim of the jurisdiction's storage classes; see the claim rules of the syncer. */
  public static Translation<PersistentVolumeClaim> pvc(
      PersistentVolumeClaim tenant, SyncPolicy policy) {
    List<Refusal> refusals = named(tenant);
    if (refusals.isEmpty()) {
      refusals.addAll(ClaimPolicy.check(tenant.getSpec(), "spec", policy));
    }
    if (!refusals.isEmpty()) {
      return Translation.refused(refusals);
    }
    PersistentVolumeClaimSpec spec =
        ModelCopies.copy(tenant.getSpec(), PersistentVolumeClaimSpec.class);
    ClaimPolicy.apply(spec, policy, tenant.getMetadata().getNamespace());
    PersistentVolumeClaim host = new PersistentVolumeClaim();
    host.setMetadata(metadata(tenant, policy));
    host.setSpec(spec);
    return Translation.synced(host);
  }

  static ObjectMeta metadata(HasMetadata tenant, SyncPolicy policy) {
    ObjectMeta meta = new ObjectMeta();
    meta.setName(
        NameTranslator.hostName(
            tenant.getMetadata().getNamespace(), tenant.getMetadata().getName()));
    meta.setNamespace(policy.hostNamespace());
    meta.setLabels(new TreeMap<>(NameTranslator.hostLabels(policy, tenant)));
    meta.setAnnotations(new TreeMap<>(NameTranslator.hostAnnotations(tenant)));
    return meta;
  }

  private static ObjectReference targetRef(
      ObjectReference ref, String namespace, SyncPolicy policy) {
    if (ref == null || ref.getName() == null) {
      return null;
    }
    ObjectReference host = new ObjectReference();
    host.setKind(ref.getKind());
    host.setApiVersion(ref.getApiVersion());
    host.setNamespace(policy.hostNamespace());
    host.setName(
        NameTranslator.hostName(
            ref.getNamespace() == null ? namespace : ref.getNamespace(), ref.getName()));
    return host;
  }

  private static List<Refusal> named(HasMetadata tenant) {
    List<Refusal> refusals = new ArrayList<>();
    ObjectMeta meta = tenant == null ? null : tenant.getMetadata();
    if (meta == null || blank(meta.getName()) || blank(meta.getNamespace())) {
      Refusals.add(refusals, "metadata", "no name or namespace", "a named, namespaced object");
    }
    return refusals;
  }

  private static <V> Map<String, V> sorted(Map<String, V> map) {
    return map == null ? null : new TreeMap<>(map);
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }
}
