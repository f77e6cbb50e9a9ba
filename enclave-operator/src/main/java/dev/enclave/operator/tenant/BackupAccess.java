package dev.enclave.operator.tenant;

import dev.enclave.api.v1alpha1.TenantCluster;
import dev.enclave.core.controlplane.EtcdFlags;
import dev.enclave.core.controlplane.HostNames;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The operator's own way in to a tenant's embedded etcd, for backups: the rendered policies admit
 * only the tenant's control-plane pods to etcd's client port (members of a 3-member etcd serve it
 * on their pod addresses), so on a host that enforces NetworkPolicy the operator's backup could not
 * connect. This adds one ingress policy for that port from the operator's pods
 * ({@code app.kubernetes.io/name=enclave-operator}) in the operator's own namespace only. The
 * renderer cannot write it, as the operator's namespace is not part of the declarations in Git;
 * the operator knows it. etcd still requires the tenant's etcd client certificate (mTLS) from
 * every caller. A single member serves clients on its pod's loopback only and needs no policy.
 */
final class BackupAccess {
  static final String POLICY = "enclave-allow-operator-etcd";
  static final String OPERATOR_POD_LABEL = "app.kubernetes.io/name";
  static final String OPERATOR_POD_VALUE = "enclave-operator";
  private static final String NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";

  private final String operatorNamespace;

  BackupAccess(String operatorNamespace) {
    this.operatorNamespace = operatorNamespace;
  }

  /** The host objects, plus the policy when the tenant's embedded etcd serves its pod address. */
  List<HasMetadata> addTo(TenantCluster tenant, List<HasMetadata> hostObjects) {
    if (!servesPodAddress(tenant)) {
      return hostObjects;
    }
    Optional<StatefulSet> controlPlane =
        hostObjects.stream()
            .filter(StatefulSet.class::isInstance)
            .map(StatefulSet.class::cast)
            .filter(s -> HostNames.controlPlane(tenant).equals(s.getMetadata().getName()))
            .findFirst();
    if (controlPlane.isEmpty()) {
      return hostObjects;
    }
    List<HasMetadata> withPolicy = new ArrayList<>(hostObjects);
    withPolicy.add(policy(tenant, controlPlane.get()));
    return withPolicy;
  }

  private static boolean servesPodAddress(TenantCluster tenant) {
    var spec = tenant.getSpec();
    boolean embedded = spec.getDataStore() != null && spec.getDataStore().getEmbedded() != null;
    Integer replicas = spec.getControlPlane() == null ? null : spec.getControlPlane().getReplicas();
    return embedded && replicas != null && replicas > 1;
  }

  private NetworkPolicy policy(TenantCluster tenant, StatefulSet controlPlane) {
    Map<String, String> labels = new TreeMap<>(OwnerLabels.of(tenant));
    if (controlPlane.getMetadata().getLabels() != null) {
      labels.putAll(controlPlane.getMetadata().getLabels());
    }
    return new NetworkPolicyBuilder()
        .withNewMetadata()
        .withName(POLICY)
        .withNamespace(HostNames.hostNamespace(tenant))
        .withLabels(labels)
        .endMetadata()
        .withNewSpec()
        .withPodSelector(new LabelSelectorBuilder()
            .withMatchLabels(controlPlane.getSpec().getSelector().getMatchLabels())
            .build())
        .withPolicyTypes("Ingress")
        .addNewIngress()
        .withFrom(
            new NetworkPolicyPeerBuilder()
                .withNamespaceSelector(
                    new LabelSelectorBuilder()
                        .withMatchLabels(Map.of(NAMESPACE_NAME_LABEL, operatorNamespace))
                        .build())
                .withPodSelector(
                    new LabelSelectorBuilder()
                        .withMatchLabels(Map.of(OPERATOR_POD_LABEL, OPERATOR_POD_VALUE))
                        .build())
                .build())
        .addNewPort()
        .withProtocol("TCP")
        .withPort(new IntOrString(EtcdFlags.CLIENT_PORT))
        .endPort()
        .endIngress()
        .endSpec()
        .build();
  }
}
