package dev.enclave.core.controlplane;

import dev.enclave.api.v1alpha1.EnclaveApi;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPortBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The host namespace's NetworkPolicies: deny everything, then allow only what the control plane,
 * its syncer, the tenant's CoreDNS and the tenant's workloads need. NetworkPolicy cannot match DNS
 * names, so egress to a data store or audit sink named by host name is allowed by port to any
 * address; IP literals are pinned with an ipBlock. Tightening host names needs an FQDN-aware CNI
 * policy (Cilium, Calico), outside this renderer. The KMS plugin is a sidecar on a pod-local socket
 * and needs no rule.
 */
public final class NetworkPoliciesBuilder {
  public static final String COMPONENT = "network-policy";
  /** The policy that admits only the control-plane pods to an HA embedded etcd's ports. */
  public static final String ETCD_PEERS = "enclave-allow-etcd-peers";
  private static final int DNS_PORT = 53;
  private static final int HTTPS_PORT = 443;

  private NetworkPoliciesBuilder() {}

  public static List<NetworkPolicy> build(ControlPlaneModel model) {
    List<NetworkPolicy> policies = new ArrayList<>();
    policies.add(defaultDeny(model));
    policies.add(allowDns(model));
    policies.add(allowApiServerIngress(model));
    policies.add(allowApiServerEgress(model));
    policies.add(allowControlPlaneEgressInNamespace(model));
    policies.add(allowHostApiEgress(model));
    policies.add(allowTenantDnsIngress(model));
    policies.add(allowWorkloadEgress(model));
    policies.add(allowWorkloadIngress(model));
    allowDataStoreEgress(model).ifPresent(policies::add);
    allowAuditSinkEgress(model).ifPresent(policies::add);
    allowEtcdPeerIngress(model).ifPresent(policies::add);
    return policies;
  }

  static NetworkPolicy defaultDeny(ControlPlaneModel model) {
    return policy(model, "enclave-default-deny", new LabelSelector())
        .withPolicyTypes("Ingress", "Egress")
        .endSpec()
        .build();
  }

  /**
   * Every pod in the namespace but the tenant's workloads may resolve names through the host's
   * cluster DNS in kube-system (CoreDNS forwards to it); workloads resolve through the tenant's
   * CoreDNS only, so host service names stay invisible to them.
   */
  static NetworkPolicy allowDns(ControlPlaneModel model) {
    NetworkPolicyPeer kubeDns =
        new NetworkPolicyPeerBuilder()
            .withNamespaceSelector(matching("kubernetes.io/metadata.name", "kube-system"))
            .withPodSelector(matching("k8s-app", "kube-dns"))
            .build();
    LabelSelector notWorkloads =
        new LabelSelectorBuilder()
            .addNewMatchExpression()
            .withKey(EnclaveApi.MANAGED_BY_LABEL)
            .withOperator("NotIn")
            .withValues(HostLabels.SYNCED_BY)
            .endMatchExpression()
            .build();
    return policy(model, "enclave-allow-dns", notWorkloads)
        .withPolicyTypes("Egress")
        .addNewEgress()
        .withTo(kubeDns)
        .withPorts(port("UDP", DNS_PORT), port("TCP", DNS_PORT))
        .endEgress()
        .endSpec()
        .build();
  }

  /**
   * The API server port is open to every pod in the host cluster: the tenant's own clients run as
   * synced pods in any namespace the syncer uses, and the operator and syncer run elsewhere. The
   * API server authenticates every caller; nothing else in the pod is reachable.
   */
  static NetworkPolicy allowApiServerIngress(ControlPlaneModel model) {
    return policy(model, "enclave-allow-apiserver", controlPlane(model))
        .withPolicyTypes("Ingress")
        .addNewIngress()
        .withFrom(new NetworkPolicyPeerBuilder().withNamespaceSelector(new LabelSelector()).build())
        .withPorts(port("TCP", ApiServerFlags.SECURE_PORT))
        .endIngress()
        .endSpec()
        .build();
  }

  /**
   * Every pod in the namespace, the tenant's synced workloads included, may call its API server.
   */
  static NetworkPolicy allowApiServerEgress(ControlPlaneModel model) {
    return policy(model, "enclave-allow-apiserver-egress", new LabelSelector())
        .withPolicyTypes("Egress")
        .addNewEgress()
        .withTo(new NetworkPolicyPeerBuilder().withPodSelector(controlPlane(model)).build())
        .withPorts(port("TCP", ApiServerFlags.SECURE_PORT))
        .endEgress()
        .endSpec()
        .build();
  }

  /**
   * The API server may call pods of its own namespace: admission webhooks and aggregated APIs of
   * the tenant run there as synced pods, and embedded etcd members talk to each other.
   */
  static NetworkPolicy allowControlPlaneEgressInNamespace(ControlPlaneModel model) {
    return policy(model, "enclave-allow-control-plane-egress", controlPlane(model))
        .withPolicyTypes("Egress")
        .addNewEgress()
        .withTo(new NetworkPolicyPeerBuilder().withPodSelector(new LabelSelector()).build())
        .endEgress()
        .endSpec()
        .build();
  }

  /**
   * The syncer, in the control-plane pod, calls the host API server. Its address is outside any pod
   * selector and differs per host, so the usual API ports are open to any address; pinning them to
   * the host's API endpoints needs their CIDRs, which this renderer does not know.
   */
  static NetworkPolicy allowHostApiEgress(ControlPlaneModel model) {
    return policy(model, "enclave-allow-host-api", controlPlane(model))
        .withPolicyTypes("Egress")
        .addNewEgress()
        .withPorts(port("TCP", HTTPS_PORT), port("TCP", ApiServerFlags.SECURE_PORT))
        .endEgress()
        .endSpec()
        .build();
  }

  /**
   * The tenant's workloads may query its CoreDNS. CoreDNS's own egress (the tenant API on 6443, the
   * host DNS for forwarded names) is already allowed to every non-workload pod above.
   */
  static NetworkPolicy allowTenantDnsIngress(ControlPlaneModel model) {
    return policy(model, "enclave-allow-tenant-dns", dns(model))
        .withPolicyTypes("Ingress")
        .addNewIngress()
        .withFrom(new NetworkPolicyPeerBuilder().withPodSelector(workloads()).build())
        .withPorts(port("UDP", CorednsBuilder.DNS_PORT), port("TCP", CorednsBuilder.DNS_PORT))
        .endIngress()
        .endSpec()
        .build();
  }

  /**
   * Workloads may reach the tenant's CoreDNS and each other; their API server is allowed above.
   * Anything else, the host API and the internet included, stays denied.
   */
  static NetworkPolicy allowWorkloadEgress(ControlPlaneModel model) {
    return policy(model, "enclave-allow-workload-egress", workloads())
        .withPolicyTypes("Egress")
        .addNewEgress()
        .withTo(new NetworkPolicyPeerBuilder().withPodSelector(dns(model)).build())
        .withPorts(port("UDP", CorednsBuilder.DNS_PORT), port("TCP", CorednsBuilder.DNS_PORT))
        .endEgress()
        .addNewEgress()
        .withTo(new NetworkPolicyPeerBuilder().withPodSelector(workloads()).build())
        .endEgress()
        .endSpec()
        .build();
  }

  /**
   * Workloads accept traffic from each other and from their control plane (admission webhooks and
   * aggregated APIs the tenant runs), never from other namespaces.
   */
  static NetworkPolicy allowWorkloadIngress(ControlPlaneModel model) {
    return policy(model, "enclave-allow-workload-ingress", workloads())
        .withPolicyTypes("Ingress")
        .addNewIngress()
        .withFrom(
            new NetworkPolicyPeerBuilder().withPodSelector(workloads()).build(),
            new NetworkPolicyPeerBuilder().withPodSelector(controlPlane(model)).build())
        .endIngress()
        .endSpec()
        .build();
  }

  static Optional<NetworkPolicy> allowDataStoreEgress(ControlPlaneModel model) {
    if (model.store() == ControlPlaneModel.Store.EMBEDDED_ETCD) {
      return Optional.empty();
    }
    int defaultPort = model.store() == ControlPlaneModel.Store.POSTGRESQL ? 5432 : 2379;
    List<Endpoint> endpoints =
        model.dataStoreEndpoints().stream().map(e -> Endpoint.parse(e, defaultPort)).toList();
    return Optional.of(egressTo(model, "enclave-allow-datastore", endpoints));
  }

  static Optional<NetworkPolicy> allowAuditSinkEgress(ControlPlaneModel model) {
    return model
        .auditSink()
        .map(
            url ->
                egressTo(
                    model, "enclave-allow-audit-sink", List.of(Endpoint.parse(url, HTTPS_PORT))));
  }

  /** Members of an HA embedded etcd accept client and peer traffic from each other only. */
  static Optional<NetworkPolicy> allowEtcdPeerIngress(ControlPlaneModel model) {
    if (model.store() != ControlPlaneModel.Store.EMBEDDED_ETCD || !model.highlyAvailable()) {
      return Optional.empty();
    }
    return Optional.of(
        policy(model, ETCD_PEERS, controlPlane(model))
            .withPolicyTypes("Ingress")
            .addNewIngress()
            .withFrom(new NetworkPolicyPeerBuilder().withPodSelector(controlPlane(model)).build())
            .withPorts(port("TCP", EtcdFlags.CLIENT_PORT), port("TCP", EtcdFlags.PEER_PORT))
            .endIngress()
            .endSpec()
            .build());
  }

  private static NetworkPolicy egressTo(ControlPlaneModel model, String name, List<Endpoint> to) {
    return policy(model, name, controlPlane(model))
        .withPolicyTypes("Egress")
        .withEgress(egressRules(to))
        .endSpec()
        .build();
  }

  /** One rule per port; pinned to ipBlocks only when every endpoint on that port is an IP. */
  private static List<NetworkPolicyEgressRule> egressRules(List<Endpoint> endpoints) {
    List<NetworkPolicyEgressRule> rules = new ArrayList<>();
    for (int port : new TreeSet<>(endpoints.stream().map(Endpoint::port).toList())) {
      List<Endpoint> onPort = endpoints.stream().filter(e -> e.port() == port).toList();
      NetworkPolicyEgressRuleBuilder rule =
          new NetworkPolicyEgressRuleBuilder().withPorts(port("TCP", port));
      if (onPort.stream().allMatch(Endpoint::isIpLiteral)) {
        new TreeSet<>(onPort.stream().map(Endpoint::cidr).toList())
            .forEach(cidr -> rule.addNewTo().withNewIpBlock().withCidr(cidr).endIpBlock().endTo());
      }
      rules.add(rule.build());
    }
    return rules;
  }

  private static NetworkPolicyBuilder.SpecNested<NetworkPolicyBuilder> policy(
      ControlPlaneModel model, String name, LabelSelector podSelector) {
    return new NetworkPolicyBuilder()
        .withMetadata(HostLabels.metadata(model, name, COMPONENT))
        .withNewSpec()
        .withPodSelector(podSelector);
  }

  private static LabelSelector controlPlane(ControlPlaneModel model) {
    return new LabelSelectorBuilder()
        .withMatchLabels(HostLabels.controlPlaneSelector(model))
        .build();
  }

  private static LabelSelector dns(ControlPlaneModel model) {
    return new LabelSelectorBuilder()
        .withMatchLabels(HostLabels.selector(model, CorednsBuilder.DNS))
        .build();
  }

  /** The tenant's synced pods, by the label the syncer sets on every pod it creates. */
  static LabelSelector workloads() {
    return matching(EnclaveApi.MANAGED_BY_LABEL, HostLabels.SYNCED_BY);
  }

  private static LabelSelector matching(String key, String value) {
    return new LabelSelectorBuilder().withMatchLabels(Map.of(key, value)).build();
  }

  private static NetworkPolicyPort port(String protocol, int port) {
    return new NetworkPolicyPortBuilder()
        .withProtocol(protocol)
        .withPort(new IntOrString(port))
        .build();
  }
}
