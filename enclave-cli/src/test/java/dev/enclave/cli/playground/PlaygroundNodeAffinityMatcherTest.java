package dev.enclave.cli.playground;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirementBuilder;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.NodeSelectorTermBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlaygroundNodeAffinityMatcherTest {
  private static final Map<String, String> EU_NODE =
      Map.of("enclave.dev/jurisdiction", "eu", "topology.kubernetes.io/zone", "eu-a", "gen", "5");

  @Test
  void inMatchesWhenTheLabelHasOneOfTheValues() {
    assertThat(
            NodeAffinityMatcher.matches(req("enclave.dev/jurisdiction", "In", "eu", "ch"), EU_NODE))
        .isTrue();
    assertThat(NodeAffinityMatcher.matches(req("enclave.dev/jurisdiction", "In", "uk"), EU_NODE))
        .isFalse();
    assertThat(NodeAffinityMatcher.matches(req("missing", "In", "eu"), EU_NODE)).isFalse();
  }

  @Test
  void notInMatchesWhenTheLabelIsAbsentOrHasAnotherValue() {
    assertThat(NodeAffinityMatcher.matches(req("enclave.dev/jurisdiction", "NotIn", "uk"), EU_NODE))
        .isTrue();
    assertThat(NodeAffinityMatcher.matches(req("missing", "NotIn", "uk"), EU_NODE)).isTrue();
    assertThat(NodeAffinityMatcher.matches(req("enclave.dev/jurisdiction", "NotIn", "eu"), EU_NODE))
        .isFalse();
  }

  @Test
  void existsAndDoesNotExistLookOnlyAtTheKey() {
    assertThat(NodeAffinityMatcher.matches(req("enclave.dev/jurisdiction", "Exists"), EU_NODE))
        .isTrue();
    assertThat(NodeAffinityMatcher.matches(req("missing", "Exists"), EU_NODE)).isFalse();
    assertThat(NodeAffinityMatcher.matches(req("missing", "DoesNotExist"), EU_NODE)).isTrue();
    assertThat(NodeAffinityMatcher.matches(req("gen", "DoesNotExist"), EU_NODE)).isFalse();
  }

  @Test
  void gtAndLtCompareIntegersAndRefuseAnythingElse() {
    assertThat(NodeAffinityMatcher.matches(req("gen", "Gt", "4"), EU_NODE)).isTrue();
    assertThat(NodeAffinityMatcher.matches(req("gen", "Gt", "5"), EU_NODE)).isFalse();
    assertThat(NodeAffinityMatcher.matches(req("gen", "Lt", "6"), EU_NODE)).isTrue();
    assertThat(NodeAffinityMatcher.matches(req("gen", "Lt", "x"), EU_NODE)).isFalse();
    assertThat(NodeAffinityMatcher.matches(req("missing", "Lt", "6"), EU_NODE)).isFalse();
  }

  @Test
  void aPodFitsWhenAnyTermMatchesAndEveryExpressionOfThatTermHolds() {
    PodSpec pod =
        podWithTerms(
            term(req("enclave.dev/jurisdiction", "In", "uk")),
            term(req("enclave.dev/jurisdiction", "In", "eu"), req("gen", "Gt", "3")));

    assertThat(NodeAffinityMatcher.rejection(pod, node(EU_NODE))).isEmpty();
  }

  @Test
  void aPodDoesNotFitWhenNoTermMatchesAndSaysSoLikeKubeScheduler() {
    PodSpec pod =
        podWithTerms(
            term(req("enclave.dev/jurisdiction", "In", "uk")),
            term(req("enclave.dev/jurisdiction", "In", "eu"), req("gen", "Gt", "7")));

    assertThat(NodeAffinityMatcher.rejection(pod, node(EU_NODE)))
        .contains("node(s) didn't match Pod's node affinity/selector");
  }

  @Test
  void anEmptyTermMatchesNoNode() {
    assertThat(NodeAffinityMatcher.fits(podWithTerms(new NodeSelectorTerm()), node(EU_NODE)))
        .isFalse();
  }

  @Test
  void thePlainNodeSelectorMustMatchToo() {
    PodSpec pod =
        new PodSpecBuilder().withNodeSelector(Map.of("enclave.dev/jurisdiction", "uk")).build();

    assertThat(NodeAffinityMatcher.fits(pod, node(EU_NODE))).isFalse();
    pod.setNodeSelector(Map.of("enclave.dev/jurisdiction", "eu"));
    assertThat(NodeAffinityMatcher.fits(pod, node(EU_NODE))).isTrue();
  }

  @Test
  void aTaintedNodeTakesOnlyPodsThatTolerateTheTaint() {
    Node node = node(EU_NODE, taint("enclave.dev/jurisdiction", "eu", "NoSchedule"));

    assertThat(NodeAffinityMatcher.rejection(new PodSpec(), node))
        .contains("node(s) had untolerated taint {enclave.dev/jurisdiction: eu}");
    assertThat(
            NodeAffinityMatcher.fits(
                podTolerating(tol("enclave.dev/jurisdiction", "Equal", "eu", "NoSchedule")), node))
        .isTrue();
    assertThat(
            NodeAffinityMatcher.fits(
                podTolerating(tol("enclave.dev/jurisdiction", "Exists", null, null)), node))
        .isTrue();
    assertThat(NodeAffinityMatcher.fits(podTolerating(tol(null, "Exists", null, null)), node))
        .isTrue();
    assertThat(
            NodeAffinityMatcher.fits(
                podTolerating(tol("enclave.dev/jurisdiction", "Equal", "uk", null)), node))
        .isFalse();
    assertThat(
            NodeAffinityMatcher.fits(
                podTolerating(tol("enclave.dev/jurisdiction", "Equal", "eu", "NoExecute")), node))
        .isFalse();
  }

  @Test
  void preferNoScheduleTaintsDoNotBlockScheduling() {
    Node node = node(EU_NODE, taint("dedicated", "gpu", "PreferNoSchedule"));

    assertThat(NodeAffinityMatcher.fits(new PodSpec(), node)).isTrue();
  }

  @Test
  void anUnschedulableNodeTakesNoPod() {
    Node node = node(EU_NODE);
    node.getSpec().setUnschedulable(true);

    assertThat(NodeAffinityMatcher.rejection(new PodSpec(), node))
        .contains("node(s) were unschedulable");
  }

  private static NodeSelectorRequirement req(String key, String operator, String... values) {
    return new NodeSelectorRequirementBuilder()
        .withKey(key)
        .withOperator(operator)
        .withValues(values.length == 0 ? null : List.of(values))
        .build();
  }

  private static NodeSelectorTerm term(NodeSelectorRequirement... requirements) {
    return new NodeSelectorTermBuilder().withMatchExpressions(requirements).build();
  }

  private static PodSpec podWithTerms(NodeSelectorTerm... terms) {
    return new PodSpecBuilder()
        .withNewAffinity()
        .withNewNodeAffinity()
        .withNewRequiredDuringSchedulingIgnoredDuringExecution()
        .withNodeSelectorTerms(terms)
        .endRequiredDuringSchedulingIgnoredDuringExecution()
        .endNodeAffinity()
        .endAffinity()
        .build();
  }

  private static PodSpec podTolerating(Toleration toleration) {
    return new PodSpecBuilder().withTolerations(toleration).build();
  }

  private static Toleration tol(String key, String operator, String value, String effect) {
    return new TolerationBuilder()
        .withKey(key)
        .withOperator(operator)
        .withValue(value)
        .withEffect(effect)
        .build();
  }

  private static Taint taint(String key, String value, String effect) {
    return new TaintBuilder().withKey(key).withValue(value).withEffect(effect).build();
  }

  private static Node node(Map<String, String> labels, Taint... taints) {
    return new NodeBuilder()
        .withNewMetadata()
        .withName("host-eu-node-1")
        .withLabels(labels)
        .endMetadata()
        .withNewSpec()
        .withTaints(taints)
        .endSpec()
        .build();
  }
}
