package dev.enclave.operator.tenant;

import dev.enclave.api.v1alpha1.TenantCluster;
import dev.enclave.core.controlplane.EtcdFlags;
import dev.enclave.core.controlplane.NetworkPoliciesBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The operator's own way in to a tenant's embedded etcd, for backups. Where the renderer admits only
 * the control-plane pods to etcd's client port ({@link NetworkPoliciesBuilder#ETCD_PEERS}: the
 * members of an HA etcd serve it on their pod addresses), a host that enforces NetworkPolicy would
 * keep the operator's backup out. This adds one ingress policy for that port, for the same pods,
 * from the operator's pods ({@code app.kubernetes.io/name=enclave-operator}) in the operator's own
 * namespace only. The renderer cannot write it, as the operator's namespace is not part of the
 * declarations in Git. etcd still requires the tenant's etcd client certificate from every caller.
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

  /** The host objects, plus the operator's policy beside the rendered etcd peers policy, if any. */
  List<HasMetadata> addTo(TenantCluster tenant, List<HasMetadata> hostObjects) {
    Optional<NetworkPolicy> peers =
        hostObjects.stream()
            .filter(NetworkPolicy.class::isInstance)
            .map(NetworkPolicy.class::cast)
            .filter(p -> NetworkPoliciesBuilder.ETCD_PEERS.equals(p.getMetadata().getName()))
            .findFirst();
    if (peers.isEmpty()) {
      return hostObjects;
    }
    List<HasMetadata> withPolicy = new ArrayList<>(hostObjects);
    withPolicy.add(policy(tenant, peers.get()));
    return withPolicy;
  }

  private NetworkPolicy policy(TenantCluster tenant, NetworkPolicy peers) {
    Map<String, String> labels = new TreeMap<>(OwnerLabels.of(tenant));
    if (peers.getMetadata().getLabels() != null) {
      labels.putAll(peers.getMetadata().getLabels());
    }
    return new NetworkPolicyBuilder()
        .withNewMetadata()
        .withName(POLICY)
        .withNamespace(peers.getMetadata().getNamespace())
        .withLabels(labels)
        .endMetadata()
        .withNewSpec()
        .withPodSelector(peers.getSpec().getPodSelector())
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
