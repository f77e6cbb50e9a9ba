package dev.enclave.core.controlplane;

import static org.assertj.core.api.Assertions.assertThat;

import dev.enclave.api.v1alpha1.TenantCluster;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class PodPlacementTest {

  @Test
  void everyPodTemplateRequiresTheJurisdictionsNodeSelectorWithKeysSorted() {
    for (TenantCluster tenant : Rendered.representativeTenants()) {
      for (PodTemplateSpec template : Rendered.podTemplates(Rendered.of(tenant))) {
        List<NodeSelectorTerm> terms =
            template
                .getSpec()
                .getAffinity()
                .getNodeAffinity()
                .getRequiredDuringSchedulingIgnoredDuringExecution()
                .getNodeSelectorTerms();

        assertThat(terms).hasSize(1);
        assertThat(terms.get(0).getMatchExpressions())
            .extracting(
                NodeSelectorRequirement::getKey,
                NodeSelectorRequirement::getOperator,
                NodeSelectorRequirement::getValues)
            .containsExactly(
                org.assertj.core.groups.Tuple.tuple(
                    "enclave.dev/jurisdiction", "In", List.of("eu")),
                org.assertj.core.groups.Tuple.tuple(
                    "topology.kubernetes.io/region", "In", List.of("eu-central-1")));
        assertThat(template.getSpec().getNodeSelector()).isNullOrEmpty();
      }
    }
  }

  @Test
  void everyPodTemplateCarriesTheJurisdictionsTolerations() {
    for (TenantCluster tenant : Rendered.representativeTenants()) {
      for (PodTemplateSpec template : Rendered.podTemplates(Rendered.of(tenant))) {
        assertThat(template.getSpec().getTolerations())
            .isEqualTo(Fixtures.eu().getSpec().getPlacement().getTolerations());
      }
    }
  }

  @Test
  void aSingleReplicaHasNoAntiAffinity() {
    assertThat(PodPlacement.affinity(Fixtures.model(Fixtures.embedded())).getPodAntiAffinity())
        .isNull();
  }

  @Test
  void replicasPreferDifferentHosts() {
    var antiAffinity =
        PodPlacement.affinity(Fixtures.model(Fixtures.postgresql())).getPodAntiAffinity();

    assertThat(antiAffinity.getRequiredDuringSchedulingIgnoredDuringExecution()).isEmpty();
    assertThat(antiAffinity.getPreferredDuringSchedulingIgnoredDuringExecution())
        .singleElement()
        .satisfies(
            term -> {
              assertThat(term.getPodAffinityTerm().getTopologyKey())
                  .isEqualTo("kubernetes.io/hostname");
              assertThat(term.getPodAffinityTerm().getLabelSelector().getMatchLabels())
                  .isEqualTo(
                      HostLabels.controlPlaneSelector(Fixtures.model(Fixtures.postgresql())));
            });
  }
}
