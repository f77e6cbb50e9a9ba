package dev.enclave.core.sync;

import dev.enclave.api.v1alpha1.IsolationSpec;
import dev.enclave.api.v1alpha1.Jurisdiction;
import dev.enclave.api.v1alpha1.JurisdictionSpec;
import dev.enclave.api.v1alpha1.Placement;
import dev.enclave.api.v1alpha1.TenantCluster;
import dev.enclave.core.controlplane.HostNames;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What one tenant cluster's workloads may do on the host: the jurisdiction's placement, registries,
 * storage classes and service types, and the tenant's isolation. The operator renders it into a
 * ConfigMap of the host namespace; the syncer reads it from there, so the syncer needs no access to
 * cluster-scoped Enclave objects. Maps and sets are sorted, so its JSON ({@link SyncPolicyJson}) is
 * byte-identical for equal policies.
 *
 * @param podSecurity "baseline" or "restricted"
 * @param runtimeClassName RuntimeClass every synced pod runs with, or null
 * @param serviceTypes Service types tenant workloads may use; ClusterIP at least
 */
public record SyncPolicy(
    String tenantNamespace,
    String tenantName,
    String hostNamespace,
    String jurisdiction,
    Map<String, String> nodeSelector,
    List<Toleration> tolerations,
    List<String> registries,
    List<String> storageClasses,
    String runtimeClassName,
    String podSecurity,
    Set<String> serviceTypes) {

  public static final String DEFAULT_POD_SECURITY = "restricted";
  public static final String CLUSTER_IP = "ClusterIP";

  /** Absent maps and lists (e.g. left out of the JSON form) are empty, never null. */
  public SyncPolicy {
    nodeSelector =
        Collections.unmodifiableSortedMap(
            nodeSelector == null ? new TreeMap<>() : new TreeMap<>(nodeSelector));
    tolerations = tolerations == null ? List.of() : List.copyOf(tolerations);
    registries = registries == null ? List.of() : List.copyOf(registries);
    storageClasses = storageClasses == null ? List.of() : List.copyOf(storageClasses);
    serviceTypes =
        Collections.unmodifiableSortedSet(
            serviceTypes == null ? new TreeSet<>() : new TreeSet<>(serviceTypes));
  }

  /** The policy of a compliant tenant cluster in its jurisdiction; absent lists are empty. */
  public static SyncPolicy of(TenantCluster tenant, Jurisdiction jurisdiction) {
    JurisdictionSpec j = jurisdiction.getSpec();
    IsolationSpec isolation = tenant.getSpec().getIsolation();
    Placement placement = j.getPlacement();
    TreeSet<String> types = new TreeSet<>(orEmpty(j.getServiceTypes()));
    types.add(CLUSTER_IP);
    return new SyncPolicy(
        tenant.getMetadata().getNamespace(),
        tenant.getMetadata().getName(),
        HostNames.hostNamespace(tenant),
        jurisdiction.getMetadata().getName(),
        placement == null || placement.getNodeSelector() == null
            ? Map.of()
            : placement.getNodeSelector(),
        placement == null ? List.of() : orEmpty(placement.getTolerations()),
        orEmpty(j.getRegistries()),
        orEmpty(j.getStorageClasses()),
        isolation == null ? null : isolation.getRuntimeClassName(),
        isolation == null || isolation.getPodSecurity() == null
            ? DEFAULT_POD_SECURITY
            : isolation.getPodSecurity(),
        types);
  }

  /** The storage class a claim gets when it names none: the jurisdiction's first. */
  public String defaultStorageClass() {
    return storageClasses.isEmpty() ? null : storageClasses.get(0);
  }

  private static <T> List<T> orEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }
}
