package dev.enclave.syncer.translate;

import static dev.enclave.syncer.translate.Fixtures.JURISDICTION_KEY;
import static dev.enclave.syncer.translate.Fixtures.fields;
import static dev.enclave.syncer.translate.Fixtures.refused;
import static dev.enclave.syncer.translate.Fixtures.restricted;
import static dev.enclave.syncer.translate.Fixtures.restrictedPod;
import static dev.enclave.syncer.translate.Fixtures.synced;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Placement vectors: nothing a tenant writes takes its pod outside jurisdiction eu. */
class PlacementVectorsTest {

  private static Translation<Pod> sync(Pod pod) {
    return PodEnforcer.toHost(pod, restricted(), Fixtures.CONTEXT);
  }

  private static PodBuilder withRequiredTerms(NodeSelectorTerm... terms) {
    return EscapeVectors.requiredTerms(restrictedPod(), terms);
  }

  private static NodeSelectorTerm term(String key, String operator, String... values) {
    return EscapeVectors.term(key, operator, values);
  }

  /**
   * Every ORed term must carry {@code jurisdiction In [eu]}, or some term could match elsewhere.
   */
  static void assertEveryTermRequiresEu(Pod host) {
    List<NodeSelectorTerm> terms =
        host.getSpec()
            .getAffinity()
            .getNodeAffinity()
            .getRequiredDuringSchedulingIgnoredDuringExecution()
            .getNodeSelectorTerms();
    assertThat(terms).isNotEmpty();
    assertThat(terms)
        .allSatisfy(
            t ->
                assertThat(t.getMatchExpressions())
                    .contains(new NodeSelectorRequirement(JURISDICTION_KEY, "In", List.of("eu"))));
    assertThat(host.getSpec().getNodeSelector()).containsEntry(JURISDICTION_KEY, "eu");
  }

  @Test
  void aPodNamingANodeIsRefusedBecauseItBypassesTheScheduler() {
    Pod pod = restrictedPod().editSpec().withNodeName("uk-node-1").endSpec().build();

    assertThat(refused(sync(pod)))
        .containsExactly(
            new Refusal(
                "spec.nodeName",
                "found \"uk-node-1\"; allowed: unset; the host scheduler places pods on nodes of"
                    + " jurisdiction eu"));
  }

  @Test
  void aPodAlreadyBoundToItsHostNodeIsNotRefusedForIt() {
    Pod pod = restrictedPod().editSpec().withNodeName("eu-node-1").endSpec().build();

    Pod host =
        synced(
            PodEnforcer.toHost(pod, restricted(), Fixtures.CONTEXT.withHostNodeName("eu-node-1")));

    assertThat(host.getSpec().getNodeName()).isNull();
  }

  @Test
  void aNodeSelectorForAnotherJurisdictionIsRefused() {
    Pod pod =
        restrictedPod().editSpec().addToNodeSelector(JURISDICTION_KEY, "uk").endSpec().build();

    assertThat(refused(sync(pod)))
        .containsExactly(
            new Refusal(
                "spec.nodeSelector[\"enclave.dev/jurisdiction\"]",
                "found \"uk\"; allowed: \"eu\" or unset"));
  }

  @Test
  void theTenantsOwnNodeSelectorIsKeptAndTheJurisdictionAdded() {
    Pod pod = restrictedPod().editSpec().addToNodeSelector("disktype", "ssd").endSpec().build();

    assertThat(synced(sync(pod)).getSpec().getNodeSelector())
        .containsExactly(
            java.util.Map.entry("disktype", "ssd"), java.util.Map.entry(JURISDICTION_KEY, "eu"));
  }

  @Test
  void aRequiredAffinityTermAimedAtAnotherJurisdictionIsRefused() {
    Pod pod = withRequiredTerms(term(JURISDICTION_KEY, "In", "uk")).build();

    assertThat(refused(sync(pod)))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.field())
                  .isEqualTo(
                      "spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution"
                          + ".nodeSelectorTerms[0].matchExpressions[0]");
              assertThat(r.message())
                  .isEqualTo(
                      "found \"enclave.dev/jurisdiction In [uk]\"; allowed: expressions on"
                          + " enclave.dev/jurisdiction that admit \"eu\"");
            });
  }

  @Test
  void notInEuIsRefused() {
    Pod pod = withRequiredTerms(term(JURISDICTION_KEY, "NotIn", "eu")).build();

    assertThat(fields(sync(pod))).hasSize(1);
  }

  @Test
  void aTermThatAlsoAdmitsEuIsKeptAndNarrowedToEu() {
    Pod pod = withRequiredTerms(term(JURISDICTION_KEY, "In", "eu", "uk")).build();

    Pod host = synced(sync(pod));

    assertEveryTermRequiresEu(host);
  }

  @Test
  void twoOredTermsWithoutAJurisdictionExpressionEachGetIt() {
    Pod pod =
        withRequiredTerms(
                term("topology.kubernetes.io/zone", "In", "eu-central-1a"),
                term("kubernetes.io/hostname", "In", "any-node"))
            .build();

    Pod host = synced(sync(pod));

    assertEveryTermRequiresEu(host);
    assertThat(
            host.getSpec()
                .getAffinity()
                .getNodeAffinity()
                .getRequiredDuringSchedulingIgnoredDuringExecution()
                .getNodeSelectorTerms())
        .hasSize(2)
        .first()
        .satisfies(
            t ->
                assertThat(t.getMatchExpressions())
                    .first()
                    .isEqualTo(
                        new NodeSelectorRequirement(
                            "topology.kubernetes.io/zone", "In", List.of("eu-central-1a"))));
  }

  @Test
  void aPodWithoutAffinityGetsOneRequiredTermAndPreferencesAreKept() {
    Pod pod =
        restrictedPod()
            .editSpec()
            .withNewAffinity()
            .withNewNodeAffinity()
            .addNewPreferredDuringSchedulingIgnoredDuringExecution()
            .withWeight(10)
            .withPreference(term("disktype", "In", "ssd"))
            .endPreferredDuringSchedulingIgnoredDuringExecution()
            .endNodeAffinity()
            .endAffinity()
            .endSpec()
            .build();

    Pod host = synced(sync(pod));

    assertEveryTermRequiresEu(host);
    assertThat(
            host.getSpec()
                .getAffinity()
                .getNodeAffinity()
                .getPreferredDuringSchedulingIgnoredDuringExecution())
        .hasSize(1);
  }

  @Test
  void aTolerationOfAnotherJurisdictionsTaintIsRefused() {
    Pod pod =
        restrictedPod()
            .editSpec()
            .addToTolerations(
                new TolerationBuilder()
                    .withKey("enclave.dev/dedicated")
                    .withOperator("Equal")
                    .withValue("uk")
                    .withEffect("NoSchedule")
                    .build())
            .endSpec()
            .build();

    assertThat(refused(sync(pod)))
        .containsExactly(
            new Refusal(
                "spec.tolerations[0].key",
                "found \"enclave.dev/dedicated\"; allowed: only the jurisdiction's own tolerations"
                    + " for keys of jurisdictions, which it adds"));
  }

  @Test
  void aTolerationOfEveryTaintIsRefused() {
    Pod pod =
        restrictedPod()
            .editSpec()
            .addNewToleration()
            .withOperator("Exists")
            .endToleration()
            .endSpec()
            .build();

    assertThat(fields(sync(pod))).containsExactly("spec.tolerations[0]");
  }

  @Test
  void ordinaryTolerationsAreKeptAndTheJurisdictionsAdded() {
    Pod pod =
        restrictedPod()
            .editSpec()
            .addNewToleration()
            .withKey("node.kubernetes.io/not-ready")
            .withOperator("Exists")
            .withEffect("NoExecute")
            .withTolerationSeconds(300L)
            .endToleration()
            .endSpec()
            .build();

    assertThat(synced(sync(pod)).getSpec().getTolerations())
        .extracting(t -> t.getKey())
        .containsExactly("node.kubernetes.io/not-ready", "enclave.dev/dedicated");
  }

  @Test
  void aDifferentRuntimeClassIsRefusedAndTheJurisdictionsIsForced() {
    Pod pod = restrictedPod().editSpec().withRuntimeClassName("runc").endSpec().build();

    assertThat(refused(sync(pod)))
        .containsExactly(
            new Refusal("spec.runtimeClassName", "found \"runc\"; allowed: \"gvisor\" or unset"));
    assertThat(synced(sync(restrictedPod().build())).getSpec().getRuntimeClassName())
        .isEqualTo("gvisor");
  }

  @Test
  void priorityClassSchedulerAndPreemptionAreDroppedBecauseTheyAreThePlatforms() {
    Pod pod =
        restrictedPod()
            .editSpec()
            .withPriorityClassName("system-node-critical")
            .withPriority(2000001000)
            .withPreemptionPolicy("PreemptLowerPriority")
            .withSchedulerName("my-scheduler")
            .endSpec()
            .build();

    Pod host = synced(sync(pod));

    assertThat(host.getSpec().getPriorityClassName()).isNull();
    assertThat(host.getSpec().getPriority()).isNull();
    assertThat(host.getSpec().getPreemptionPolicy()).isNull();
    assertThat(host.getSpec().getSchedulerName()).isNull();
  }

  @Test
  void podAntiAffinityIsScopedToTheTenantNamespaceAndNeverNamesHostNamespaces() {
    Pod pod =
        restrictedPod()
            .editSpec()
            .withNewAffinity()
            .withNewPodAntiAffinity()
            .addNewRequiredDuringSchedulingIgnoredDuringExecution()
            .withTopologyKey("kubernetes.io/hostname")
            .withNamespaces("kube-system")
            .withNewLabelSelector()
            .addToMatchLabels("app.kubernetes.io/name", "web")
            .endLabelSelector()
            .endRequiredDuringSchedulingIgnoredDuringExecution()
            .endPodAntiAffinity()
            .endAffinity()
            .endSpec()
            .build();

    var term =
        synced(sync(pod))
            .getSpec()
            .getAffinity()
            .getPodAntiAffinity()
            .getRequiredDuringSchedulingIgnoredDuringExecution()
            .get(0);

    assertThat(term.getNamespaces()).isNull();
    assertThat(term.getNamespaceSelector()).isNull();
    assertThat(term.getLabelSelector().getMatchLabels())
        .containsOnly(
            java.util.Map.entry("tenant.enclave.dev/app.kubernetes.io_name", "web"),
            java.util.Map.entry(NameTranslator.OBJECT_NAMESPACE, "kube-system"));
  }
}
