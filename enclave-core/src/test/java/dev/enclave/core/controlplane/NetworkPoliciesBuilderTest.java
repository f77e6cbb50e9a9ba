package dev.enclave.core.controlplane;

import static org.assertj.core.api.Assertions.assertThat;

import dev.enclave.api.v1alpha1.TenantCluster;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NetworkPoliciesBuilderTest {

  private static List<NetworkPolicy> policies(TenantCluster tenant) {
    return NetworkPoliciesBuilder.build(Fixtures.model(tenant));
  }

  private static NetworkPolicy named(TenantCluster tenant, String name) {
    return policies(tenant).stream()
        .filter(p -> p.getMetadata().getName().equals(name))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void theFirstPolicyDeniesAllIngressAndEgressForEveryPod() {
    NetworkPolicy deny = policies(Fixtures.embedded()).get(0);

    assertThat(deny.getMetadata().getName()).isEqualTo("enclave-default-deny");
    assertThat(deny.getSpec().getPodSelector().getMatchLabels()).isEmpty();
    assertThat(deny.getSpec().getPolicyTypes()).containsExactly("Ingress", "Egress");
    assertThat(deny.getSpec().getIngress()).isEmpty();
    assertThat(deny.getSpec().getEgress()).isEmpty();
  }

  @Test
  void theApiServerPortIsOpenToPodsInTheClusterAndNothingElseIs() {
    NetworkPolicy ingress = named(Fixtures.embedded(), "enclave-allow-apiserver");

    assertThat(ingress.getSpec().getIngress())
        .singleElement()
        .satisfies(
            rule -> {
              assertThat(rule.getPorts())
                  .extracting(p -> p.getPort().getIntVal())
                  .containsExactly(6443);
              assertThat(rule.getFrom())
                  .singleElement()
                  .satisfies(peer -> assertThat(peer.getNamespaceSelector()).isNotNull());
            });
  }

  @Test
  void everyPodButTheWorkloadsMayResolveNamesThroughKubeDns() {
    NetworkPolicyEgressRule dns =
        named(Fixtures.embedded(), "enclave-allow-dns").getSpec().getEgress().get(0);

    assertThat(dns.getPorts())
        .extracting(p -> p.getProtocol() + "/" + p.getPort().getIntVal())
        .containsExactly("UDP/53", "TCP/53");
    NetworkPolicyPeer peer = dns.getTo().get(0);
    assertThat(peer.getNamespaceSelector().getMatchLabels())
        .containsEntry("kubernetes.io/metadata.name", "kube-system");
    assertThat(peer.getPodSelector().getMatchLabels()).containsEntry("k8s-app", "kube-dns");
  }

  @Test
  void aHostNamedDataStoreIsAllowedByPortBecauseNetworkPolicyCannotMatchHostNames() {
    NetworkPolicyEgressRule rule =
        named(Fixtures.postgresql(), "enclave-allow-datastore").getSpec().getEgress().get(0);

    assertThat(rule.getPorts()).extracting(p -> p.getPort().getIntVal()).containsExactly(5432);
    assertThat(rule.getTo()).isEmpty();
  }

  @Test
  void aDataStoreAddressedByIpIsPinnedWithAnIpBlock() {
    TenantCluster tenant = Fixtures.externalEtcd();
    ControlPlaneModel model =
        ControlPlaneModel.fromCrd(
            tenant,
            Fixtures.eu(),
            Fixtures.dataStore("eu-etcd-1", "etcd", "10.20.0.11:2379", "10.20.0.12:2379"));

    NetworkPolicyEgressRule rule =
        NetworkPoliciesBuilder.allowDataStoreEgress(model)
            .orElseThrow()
            .getSpec()
            .getEgress()
            .get(0);

    assertThat(rule.getTo())
        .extracting(p -> p.getIpBlock().getCidr())
        .containsExactly("10.20.0.11/32", "10.20.0.12/32");
  }

  @Test
  void theAuditSinkIsReachableOnHttpsOnlyWhenDeclared() {
    NetworkPolicy sink = named(Fixtures.embedded(), "enclave-allow-audit-sink");

    assertThat(sink.getSpec().getEgress())
        .singleElement()
        .satisfies(
            r ->
                assertThat(r.getPorts())
                    .extracting(p -> p.getPort().getIntVal())
                    .containsExactly(443));
    assertThat(policies(Fixtures.externalEtcd()))
        .extracting(p -> p.getMetadata().getName())
        .doesNotContain("enclave-allow-audit-sink");
  }

  @Test
  void anEmbeddedStoreNeedsNoDataStoreEgress() {
    assertThat(policies(Fixtures.embedded()))
        .extracting(p -> p.getMetadata().getName())
        .doesNotContain("enclave-allow-datastore", "enclave-allow-etcd-peers");
  }

  @Test
  void haEtcdMembersAcceptPeerTrafficFromEachOtherOnly() {
    TenantCluster tenant = Fixtures.embedded();
    tenant.getSpec().setControlPlane(Fixtures.controlPlane(3, false));

    NetworkPolicy peers = named(tenant, "enclave-allow-etcd-peers");

    assertThat(peers.getSpec().getIngress().get(0).getPorts())
        .extracting(p -> p.getPort().getIntVal())
        .containsExactly(2379, 2380);
    assertThat(
            peers.getSpec().getIngress().get(0).getFrom().get(0).getPodSelector().getMatchLabels())
        .isEqualTo(HostLabels.controlPlaneSelector(Fixtures.model(tenant)));
  }

  @Test
  void workloadsResolveThroughTheTenantsCoreDnsNeverTheHostsKubeDns() {
    NetworkPolicy hostDns = named(Fixtures.embedded(), "enclave-allow-dns");
    NetworkPolicy tenantDns = named(Fixtures.embedded(), "enclave-allow-tenant-dns");

    assertThat(hostDns.getSpec().getPodSelector().getMatchExpressions())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getKey()).isEqualTo("app.kubernetes.io/managed-by");
              assertThat(e.getOperator()).isEqualTo("NotIn");
              assertThat(e.getValues()).containsExactly("enclave-syncer");
            });
    assertThat(tenantDns.getSpec().getPodSelector().getMatchLabels())
        .containsEntry("app.kubernetes.io/component", "dns");
    assertThat(tenantDns.getSpec().getIngress())
        .singleElement()
        .satisfies(
            rule -> {
              assertThat(rule.getFrom())
                  .singleElement()
                  .satisfies(
                      peer ->
                          assertThat(peer.getPodSelector().getMatchLabels())
                              .containsExactly(
                                  Map.entry("app.kubernetes.io/managed-by", "enclave-syncer")));
              assertThat(rule.getPorts())
                  .extracting(p -> p.getProtocol() + "/" + p.getPort().getIntVal())
                  .containsExactly("UDP/1053", "TCP/1053");
            });
  }

  @Test
  void workloadsTalkToEachOtherTheirDnsAndTheirApiServerOnly() {
    NetworkPolicy egress = named(Fixtures.embedded(), "enclave-allow-workload-egress");
    NetworkPolicy ingress = named(Fixtures.embedded(), "enclave-allow-workload-ingress");
    NetworkPolicy apiServer = named(Fixtures.embedded(), "enclave-allow-apiserver-egress");

    assertThat(egress.getSpec().getEgress())
        .flatMap(NetworkPolicyEgressRule::getTo)
        .allSatisfy(
            peer -> {
              assertThat(peer.getNamespaceSelector()).isNull();
              assertThat(peer.getIpBlock()).isNull();
              assertThat(peer.getPodSelector()).isNotNull();
            });
    assertThat(ingress.getSpec().getIngress())
        .flatMap(r -> r.getFrom())
        .allSatisfy(peer -> assertThat(peer.getNamespaceSelector()).isNull());
    assertThat(apiServer.getSpec().getPodSelector().getMatchLabels()).isEmpty();
  }

  @Test
  void onlyTheControlPlanePodReachesTheHostApiPorts() {
    NetworkPolicy hostApi = named(Fixtures.embedded(), "enclave-allow-host-api");

    assertThat(hostApi.getSpec().getPodSelector().getMatchLabels())
        .containsEntry("app.kubernetes.io/component", "control-plane");
    assertThat(hostApi.getSpec().getEgress())
        .singleElement()
        .satisfies(
            rule ->
                assertThat(rule.getPorts())
                    .extracting(p -> p.getPort().getIntVal())
                    .containsExactly(443, 6443));
  }
}
