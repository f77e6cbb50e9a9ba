package dev.enclave.syncer;

import static dev.enclave.syncer.SyncerFixture.HOST_NS;
import static dev.enclave.syncer.SyncerFixture.eventually;
import static dev.enclave.syncer.SyncerFixture.pod;
import static org.assertj.core.api.Assertions.assertThat;

import dev.enclave.syncer.translate.HostToTenant;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PodSyncTest {
  private final SyncerFixture f = new SyncerFixture();

  @AfterEach
  void close() {
    f.close();
  }

  /** What the host's kubelet reports for the host copy of shop/web once it runs. */
  private void hostPodRunsAt(String podIp) {
    f.host
        .pods()
        .inNamespace(HOST_NS)
        .resource(
            new PodBuilder(f.hostPod("shop", "web"))
                .withNewStatus()
                .withPhase("Running")
                .withPodIP(podIp)
                .addNewCondition()
                .withType("Ready")
                .withStatus("True")
                .endCondition()
                .endStatus()
                .build())
        .updateStatus();
  }

  @Test
  void whenATenantCreatesAPodThenItRunsOnTheHostWithTheJurisdictionsRequiredAffinity() {
    f.start();
    f.tenant.pods().inNamespace("shop").resource(pod("shop", "web")).create();

    eventually(() -> f.hostPod("shop", "web") != null);
    Pod host = f.hostPod("shop", "web");
    List<NodeSelectorRequirement> required =
        host.getSpec()
            .getAffinity()
            .getNodeAffinity()
            .getRequiredDuringSchedulingIgnoredDuringExecution()
            .getNodeSelectorTerms()
            .get(0)
            .getMatchExpressions();
    assertThat(required)
        .anyMatch(
            r ->
                r.getKey().equals("enclave.dev/jurisdiction")
                    && r.getOperator().equals("In")
                    && r.getValues().equals(List.of("eu")));
    assertThat(host.getMetadata().getLabels())
        .containsEntry("app.kubernetes.io/managed-by", "enclave-syncer");
  }

  @Test
  void whenTheHostSchedulesAndRunsThePodThenItsStatusAndNodeFlowBackToTheTenant() {
    f.start();
    f.tenant.pods().inNamespace("shop").resource(pod("shop", "web")).create();
    eventually(() -> f.hostPod("shop", "web") != null);

    Pod host = f.hostPod("shop", "web");
    f.host
        .pods()
        .inNamespace(HOST_NS)
        .resource(new PodBuilder(host).editSpec().withNodeName("eu-node-1").endSpec().build())
        .update();
    hostPodRunsAt("10.0.0.7");

    eventually(
        () -> {
          Pod t = f.tenant.pods().inNamespace("shop").withName("web").get();
          return "eu-node-1".equals(t.getSpec().getNodeName())
              && t.getStatus() != null
              && "Running".equals(t.getStatus().getPhase());
        });
    Pod tenant = f.tenant.pods().inNamespace("shop").withName("web").get();
    assertThat(tenant.getStatus().getPodIP()).isEqualTo("10.0.0.7");
    f.settle();
    assertThat(f.hostPod("shop", "web").getMetadata().getUid())
        .as("the host pod is not recreated because the tenant pod now names its node")
        .isEqualTo(host.getMetadata().getUid());
  }

  @Test
  void whenTheHostPodStartsRunningWhileTheSyncerIsDownThenTheRestartedSyncerTellsTheTenant() {
    f.start();
    f.tenant.pods().inNamespace("shop").resource(pod("shop", "web")).create();
    eventually(() -> f.hostPod("shop", "web") != null);
    f.settle();
    f.syncer.close();

    hostPodRunsAt("10.0.0.8");
    f.start();

    eventually(
        () -> {
          Pod t = f.tenant.pods().inNamespace("shop").withName("web").get();
          return t.getStatus() != null && "10.0.0.8".equals(t.getStatus().getPodIP());
        });
    assertThat(f.tenant.pods().inNamespace("shop").withName("web").get().getStatus().getPhase())
        .isEqualTo("Running");
  }

  @Test
  void whenATenantPodIsPrivilegedThenNothingIsCreatedOnTheHostAndTheTenantIsToldWhy() {
    f.start();
    Pod privileged =
        new PodBuilder(pod("shop", "root"))
            .editSpec()
            .editFirstContainer()
            .editSecurityContext()
            .withPrivileged(true)
            .endSecurityContext()
            .endContainer()
            .endSpec()
            .build();
    f.tenant.pods().inNamespace("shop").resource(privileged).create();

    eventually(() -> !f.tenant.v1().events().inNamespace("shop").list().getItems().isEmpty());
    f.settle();
    assertThat(f.host.pods().inNamespace(HOST_NS).list().getItems()).isEmpty();
    Event event = f.tenant.v1().events().inNamespace("shop").list().getItems().get(0);
    assertThat(event.getInvolvedObject().getName()).isEqualTo("root");
    assertThat(event.getMessage()).contains("privileged");
    Pod tenant = f.tenant.pods().inNamespace("shop").withName("root").get();
    assertThat(tenant.getStatus().getPhase()).isEqualTo("Pending");
    assertThat(tenant.getStatus().getConditions())
        .anyMatch(
            c ->
                c.getType().equals(HostToTenant.SYNCED_CONDITION) && c.getStatus().equals("False"));
    assertThat(f.tenant.v1().events().inNamespace("shop").list().getItems())
        .as("one Event per refused generation")
        .hasSize(1);
  }

  @Test
  void whenTheTenantDeletesAPodThenTheHostCopyIsDeleted() {
    f.start();
    f.tenant.pods().inNamespace("shop").resource(pod("shop", "web")).create();
    eventually(() -> f.hostPod("shop", "web") != null);

    f.tenant.pods().inNamespace("shop").withName("web").delete();

    eventually(() -> f.hostPod("shop", "web") == null);
  }

  @Test
  void whenSomeoneDeletesTheHostPodThenTheTenantPodIsDeletedToo() {
    f.start();
    f.tenant.pods().inNamespace("shop").resource(pod("shop", "web")).create();
    eventually(() -> f.hostPod("shop", "web") != null);

    f.host.pods().inNamespace(HOST_NS).withName(SyncerFixture.hostName("shop", "web")).delete();

    eventually(() -> f.tenant.pods().inNamespace("shop").withName("web").get() == null);
    f.settle();
    assertThat(f.hostPod("shop", "web")).isNull();
    assertThat(f.tenantServer.deleteBodies())
        .as("at once: no tenant kubelet would ever confirm a graceful delete")
        .anySatisfy(body -> assertThat(body).contains("\"gracePeriodSeconds\":0"));
  }

  @Test
  void whenThePodSpecChangesThenTheHostPodIsDeletedAndCreatedAgain() {
    f.start();
    f.tenant.pods().inNamespace("shop").resource(pod("shop", "web")).create();
    eventually(() -> f.hostPod("shop", "web") != null);
    String before = f.hostPod("shop", "web").getMetadata().getUid();

    f.tenant
        .pods()
        .inNamespace("shop")
        .withName("web")
        .edit(
            p ->
                new PodBuilder(p)
                    .editSpec()
                    .editFirstContainer()
                    .withImage("registry.eu.example.com/shop/app:2.0")
                    .endContainer()
                    .endSpec()
                    .build());

    eventually(
        () -> {
          Pod h = f.hostPod("shop", "web");
          return h != null && h.getSpec().getContainers().get(0).getImage().endsWith(":2.0");
        });
    assertThat(f.hostPod("shop", "web").getMetadata().getUid()).isNotEqualTo(before);
    assertThat(f.tenant.pods().inNamespace("shop").withName("web").get()).isNotNull();
  }

  @Test
  void whenABoundPodsSpecChangesThenItsNewHostCopyIsScheduledOnlyOnTheNodeItIsBoundTo() {
    f.addHostNode("eu-node-1", "eu");
    f.start();
    f.tenant.pods().inNamespace("shop").resource(pod("shop", "web")).create();
    eventually(() -> f.hostPod("shop", "web") != null);
    f.host
        .pods()
        .inNamespace(HOST_NS)
        .resource(
            new PodBuilder(f.hostPod("shop", "web")).editSpec().withNodeName("eu-node-1").endSpec().build())
        .update();
    eventually(
        () -> "eu-node-1".equals(f.tenant.pods().inNamespace("shop").withName("web").get().getSpec().getNodeName()));

    f.tenant
        .pods()
        .inNamespace("shop")
        .withName("web")
        .edit(
            p ->
                new PodBuilder(p)
                    .editSpec()
                    .editFirstContainer()
                    .withImage("registry.eu.example.com/shop/app:2.0")
                    .endContainer()
                    .endSpec()
                    .build());

    eventually(
        () -> {
          Pod h = f.hostPod("shop", "web");
          return h != null && h.getSpec().getContainers().get(0).getImage().endsWith(":2.0");
        });
    Pod host = f.hostPod("shop", "web");
    assertThat(host.getSpec().getNodeName()).as("still the scheduler's to place").isNull();
    assertThat(
            host.getSpec()
                .getAffinity()
                .getNodeAffinity()
                .getRequiredDuringSchedulingIgnoredDuringExecution()
                .getNodeSelectorTerms())
        .allSatisfy(
            t -> {
              assertThat(t.getMatchExpressions())
                  .contains(new NodeSelectorRequirement("enclave.dev/jurisdiction", "In", List.of("eu")));
              assertThat(t.getMatchFields())
                  .containsExactly(new NodeSelectorRequirement("metadata.name", "In", List.of("eu-node-1")));
            });
    assertThat(f.tenant.v1().events().inNamespace("shop").list().getItems())
        .as("not refused for the node it is bound to")
        .isEmpty();
  }
}
