package dev.enclave.core.controlplane;

import static org.assertj.core.api.Assertions.assertThat;

import dev.enclave.api.v1alpha1.TenantCluster;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.Test;

class CorednsBuilderTest {

  @Test
  void coreDnsComesFromTheJurisdictionsRegistryAndRunsOnItsNodesOnly() {
    PodSpec pod = Rendered.coredns(Fixtures.embedded()).getSpec().getTemplate().getSpec();

    assertThat(pod.getContainers())
        .singleElement()
        .satisfies(
            c -> assertThat(c.getImage()).isEqualTo("registry.eu.example.com/coredns:v1.14.6"));
    assertThat(
            pod.getAffinity()
                .getNodeAffinity()
                .getRequiredDuringSchedulingIgnoredDuringExecution()
                .getNodeSelectorTerms())
        .singleElement()
        .satisfies(
            term ->
                assertThat(term.getMatchExpressions())
                    .extracting(e -> e.getKey() + " " + e.getOperator() + " " + e.getValues())
                    .containsExactly(
                        "enclave.dev/jurisdiction In [eu]",
                        "topology.kubernetes.io/region In [eu-central-1]"));
    assertThat(pod.getTolerations())
        .extracting(t -> t.getKey() + "=" + t.getValue() + ":" + t.getEffect())
        .containsExactly("enclave.dev/jurisdiction=eu:NoSchedule");
  }

  @Test
  void coreDnsListensOnAnUnprivilegedPortWithEveryCapabilityDropped() {
    Container coredns = CorednsBuilder.container(Fixtures.model(Fixtures.embedded()));

    assertThat(coredns.getPorts())
        .allSatisfy(p -> assertThat(p.getContainerPort()).isEqualTo(1053));
    assertThat(coredns.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(coredns.getSecurityContext().getCapabilities().getAdd()).isEmpty();
    assertThat(coredns.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(coredns.getLivenessProbe().getHttpGet().getPort().getIntVal()).isEqualTo(8080);
    assertThat(coredns.getReadinessProbe().getHttpGet().getPort().getIntVal()).isEqualTo(8181);
  }

  @Test
  void theDnsServiceMapsPort53ToCoreDns() {
    Service dns = Rendered.named(Fixtures.embedded(), Service.class, "acme-dns");

    assertThat(dns.getSpec().getType()).isEqualTo("ClusterIP");
    assertThat(dns.getSpec().getPorts())
        .extracting(p -> p.getProtocol() + " " + p.getPort() + "->" + p.getTargetPort().getIntVal())
        .containsExactly("UDP 53->1053", "TCP 53->1053");
    assertThat(dns.getSpec().getSelector())
        .isEqualTo(Rendered.coredns(Fixtures.embedded()).getSpec().getSelector().getMatchLabels());
  }

  @Test
  void theCorefileAnswersClusterNamesFromTheTenantApiWithItsOwnKubeconfig() {
    TenantCluster tenant = Fixtures.embedded();
    String corefile =
        Rendered.named(tenant, ConfigMap.class, "acme-coredns").getData().get("Corefile");

    assertThat(corefile)
        .contains(".:1053 {")
        .contains("kubernetes cluster.local in-addr.arpa ip6.arpa {")
        .contains("kubeconfig /etc/coredns-kubeconfig/kubeconfig")
        .contains("forward . /etc/resolv.conf")
        .contains("cache 30")
        .contains("errors")
        .contains("health :8080")
        .contains("ready :8181");
    assertThat(
            Rendered.coredns(tenant).getSpec().getTemplate().getSpec().getVolumes().stream()
                .filter(v -> v.getSecret() != null)
                .map(v -> v.getSecret().getSecretName()))
        .containsExactly("acme-coredns-kubeconfig");
  }

  @Test
  void anHaTenantGetsTwoSpreadReplicasAndNoTokenIsMounted() {
    Deployment ha = Rendered.coredns(Fixtures.postgresql());
    Deployment single = Rendered.coredns(Fixtures.embedded());

    assertThat(ha.getSpec().getReplicas()).isEqualTo(2);
    assertThat(ha.getSpec().getTemplate().getSpec().getAffinity().getPodAntiAffinity()).isNotNull();
    assertThat(single.getSpec().getReplicas()).isEqualTo(1);
    assertThat(single.getSpec().getTemplate().getSpec().getAutomountServiceAccountToken())
        .isFalse();
  }
}
