package dev.enclave.core.controlplane;

import dev.enclave.api.v1alpha1.EnclaveApi;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.SortedMap;
import java.util.TreeMap;

/** The identifying labels every host object of a tenant carries, and the stable pod selector. */
public final class HostLabels {
  public static final String NAME_LABEL = "app.kubernetes.io/name";
  public static final String COMPONENT_LABEL = "app.kubernetes.io/component";
  public static final String INSTANCE_LABEL = "app.kubernetes.io/instance";
  public static final String APP_NAME = "enclave-tenant-cluster";
  public static final String CONTROL_PLANE = "control-plane";

  /** The managed-by value the syncer puts on every tenant workload pod it creates on the host. */
  public static final String SYNCED_BY = "enclave-syncer";

  private HostLabels() {}

  /** All identifying labels of an object of the given component. */
  public static SortedMap<String, String> of(ControlPlaneModel model, String component) {
    SortedMap<String, String> labels = new TreeMap<>();
    labels.put(EnclaveApi.TENANT_NAME_LABEL, model.tenant().getMetadata().getName());
    labels.put(EnclaveApi.TENANT_NAMESPACE_LABEL, model.tenant().getMetadata().getNamespace());
    labels.put(EnclaveApi.JURISDICTION_LABEL, model.jurisdiction());
    labels.put(EnclaveApi.MANAGED_BY_LABEL, EnclaveApi.MANAGED_BY);
    labels.put(NAME_LABEL, APP_NAME);
    labels.put(INSTANCE_LABEL, model.tenant().getMetadata().getName());
    labels.put(COMPONENT_LABEL, component);
    return labels;
  }

  /**
   * Selects the control-plane pods. Only labels that never change for a tenant cluster, since a
   * StatefulSet selector is immutable.
   */
  public static SortedMap<String, String> controlPlaneSelector(ControlPlaneModel model) {
    return selector(model, CONTROL_PLANE);
  }

  /** Selects the pods of one component of one tenant, by labels that never change. */
  public static SortedMap<String, String> selector(ControlPlaneModel model, String component) {
    SortedMap<String, String> labels = new TreeMap<>();
    labels.put(NAME_LABEL, APP_NAME);
    labels.put(COMPONENT_LABEL, component);
    labels.put(EnclaveApi.TENANT_NAME_LABEL, model.tenant().getMetadata().getName());
    return labels;
  }

  /** Metadata of a namespaced host object: name, host namespace and identifying labels. */
  public static ObjectMeta metadata(ControlPlaneModel model, String name, String component) {
    return new ObjectMetaBuilder()
        .withName(name)
        .withNamespace(HostNames.hostNamespace(model.tenant()))
        .withLabels(of(model, component))
        .build();
  }

  /** Metadata of a cluster-scoped host object: name and identifying labels, no namespace. */
  public static ObjectMeta clusterMetadata(ControlPlaneModel model, String name, String component) {
    return new ObjectMetaBuilder().withName(name).withLabels(of(model, component)).build();
  }
}
