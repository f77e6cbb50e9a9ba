package dev.enclave.cli.playground;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SimulatedSchedulerTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static SimulatedHost host;
  private static KubernetesClient client;

  @BeforeAll
  static void startHost() {
    host = SimulatedHost.start(Fixtures.jurisdiction("eu"), 3, Clock.systemUTC());
    client = host.client();
    client
        .namespaces()
        .resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName("tc-tenants-eu-acme")
                .endMetadata()
                .build())
        .create();
  }

  @AfterAll
  static void stopHost() {
    host.close();
  }

  @Test
  void whenANodeMatchesTheRequiredAffinityThenEveryReplicaRunsThereAndTheStatefulSetIsReady() {
    client.resource(statefulSet("acme", 3, "eu")).create();

    StatefulSet ready =
        Fixtures.await(
            "acme ready",
            WAIT,
            () -> {
              StatefulSet sts = get("acme");
              return sts.getStatus() != null
                      && Integer.valueOf(3).equals(sts.getStatus().getReadyReplicas())
                  ? sts
                  : null;
            });

    assertThat(ready.getStatus().getReplicas()).isEqualTo(3);
    assertThat(ready.getStatus().getUpdatedReplicas()).isEqualTo(3);
    assertThat(ready.getStatus().getCurrentReplicas()).isEqualTo(3);
    assertThat(ready.getStatus().getObservedGeneration())
        .isEqualTo(ready.getMetadata().getGeneration());
    List<Pod> pods =
        client.pods().inNamespace("tc-tenants-eu-acme").withLabel("app", "acme").list().getItems();
    assertThat(pods)
        .extracting(p -> p.getMetadata().getName())
        .containsExactlyInAnyOrder("acme-0", "acme-1", "acme-2");
    assertThat(pods).allSatisfy(p -> assertThat(p.getStatus().getPhase()).isEqualTo("Running"));
    assertThat(pods).allSatisfy(p -> assertThat(SimulatedPods.isReady(p)).isTrue());
    assertThat(pods)
        .extracting(p -> p.getSpec().getNodeName())
        .as("spread over the three nodes")
        .containsExactlyInAnyOrder("host-eu-node-1", "host-eu-node-2", "host-eu-node-3");
  }

  @Test
  void whenNoNodeMatchesThenThePodStaysPendingWithKubeSchedulersReasonAndNothingIsReady() {
    client.resource(statefulSet("offshore", 1, "us")).create();

    Pod pending =
        Fixtures.await(
            "offshore-0 unschedulable",
            WAIT,
            () -> {
              Pod pod =
                  client.pods().inNamespace("tc-tenants-eu-acme").withName("offshore-0").get();
              return pod != null && SimulatedPods.unschedulableReason(pod).isPresent() ? pod : null;
            });

    assertThat(pending.getStatus().getPhase()).isEqualTo("Pending");
    assertThat(pending.getSpec().getNodeName()).isNull();
    assertThat(SimulatedPods.unschedulableReason(pending))
        .contains("0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector.");
    StatefulSet sts =
        Fixtures.await(
            "offshore status",
            WAIT,
            () -> {
              StatefulSet s = get("offshore");
              return s.getStatus() != null && s.getStatus().getReplicas() != null ? s : null;
            });
    assertThat(sts.getStatus().getReadyReplicas()).isZero();
  }

  @Test
  void whenReplicasAreScaledDownThenTheExtraPodsAreRemoved() {
    client.resource(statefulSet("scaled", 2, "eu")).create();
    Fixtures.await("scaled ready", WAIT, () -> readyReplicas("scaled") == 2);

    client.apps().statefulSets().inNamespace("tc-tenants-eu-acme").withName("scaled").scale(1);

    Fixtures.await("scaled down", WAIT, () -> readyReplicas("scaled") == 1);
    Fixtures.await(
        "scaled-1 removed",
        WAIT,
        () -> client.pods().inNamespace("tc-tenants-eu-acme").withName("scaled-1").get() == null);
  }

  private static int readyReplicas(String name) {
    StatefulSet sts = get(name);
    return sts.getStatus() == null || sts.getStatus().getReadyReplicas() == null
        ? -1
        : sts.getStatus().getReadyReplicas();
  }

  private static StatefulSet get(String name) {
    return client.apps().statefulSets().inNamespace("tc-tenants-eu-acme").withName(name).get();
  }

  private static StatefulSet statefulSet(String name, int replicas, String jurisdiction) {
    return new StatefulSetBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace("tc-tenants-eu-acme")
        .endMetadata()
        .withNewSpec()
        .withReplicas(replicas)
        .withServiceName(name)
        .withNewSelector()
        .addToMatchLabels("app", name)
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .addToLabels("app", name)
        .endMetadata()
        .withNewSpec()
        .withNewAffinity()
        .withNewNodeAffinity()
        .withNewRequiredDuringSchedulingIgnoredDuringExecution()
        .addNewNodeSelectorTerm()
        .addNewMatchExpression()
        .withKey("enclave.dev/jurisdiction")
        .withOperator("In")
        .withValues(jurisdiction)
        .endMatchExpression()
        .endNodeSelectorTerm()
        .endRequiredDuringSchedulingIgnoredDuringExecution()
        .endNodeAffinity()
        .endAffinity()
        .addNewContainer()
        .withName("kube-apiserver")
        .withImage("registry.eu.example.com/kube-apiserver:v1.37.2")
        .endContainer()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }
}
