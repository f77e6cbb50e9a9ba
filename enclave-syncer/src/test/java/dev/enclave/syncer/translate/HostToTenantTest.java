package dev.enclave.syncer.translate;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The tenant sees its pods' truth, its jurisdiction's nodes, and why something was refused. */
class HostToTenantTest {
  private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
  private static final List<Refusal> REASONS =
      List.of(new Refusal("spec.nodeName", "found \"uk-node-1\"; allowed: unset"));

  @Test
  void aVirtualNodeShowsWhereItIsButNotHowTheHostRunsIt() {
    Node host =
        new NodeBuilder()
            .withNewMetadata()
            .withName("eu-node-1")
            .addToLabels("kubernetes.io/hostname", "eu-node-1")
            .addToLabels("topology.kubernetes.io/zone", "eu-central-1a")
            .addToLabels("enclave.dev/jurisdiction", "eu")
            .addToLabels("platform.example.com/secret-pool", "pci")
            .addToAnnotations("csi.volume.kubernetes.io/nodeid", "{}")
            .endMetadata()
            .withNewSpec()
            .withProviderID("aws:///eu-central-1a/i-0123")
            .addNewTaint()
            .withKey("enclave.dev/dedicated")
            .withValue("eu")
            .withEffect("NoSchedule")
            .endTaint()
            .addNewTaint()
            .withKey("node.kubernetes.io/unschedulable")
            .withEffect("NoSchedule")
            .endTaint()
            .endSpec()
            .withNewStatus()
            .addNewAddress("10.0.1.5", "InternalIP")
            .addNewImage()
            .withNames("registry.eu.example.com/other-tenant/secret-app:1")
            .endImage()
            .endStatus()
            .build();

    Node tenant = HostToTenant.tenantNode(host);

    assertThat(tenant.getMetadata().getName()).isEqualTo("eu-node-1");
    assertThat(tenant.getMetadata().getLabels())
        .containsOnlyKeys(
            "kubernetes.io/hostname", "topology.kubernetes.io/zone", "enclave.dev/jurisdiction");
    assertThat(tenant.getMetadata().getAnnotations()).isNullOrEmpty();
    assertThat(tenant.getSpec().getProviderID()).isNull();
    assertThat(tenant.getSpec().getTaints())
        .extracting(t -> t.getKey())
        .containsExactly("node.kubernetes.io/unschedulable");
    assertThat(tenant.getStatus().getAddresses()).hasSize(1);
    assertThat(tenant.getStatus().getImages()).isNullOrEmpty();
  }

  @Test
  void aHostEventIsRepointedAtTheTenantObjectAndScrubbedOfHostNames() {
    Event host =
        new EventBuilder()
            .withNewMetadata()
            .withName("web-x-shop.17f3a")
            .withNamespace(Fixtures.HOST_NAMESPACE)
            .endMetadata()
            .withNewInvolvedObject()
            .withKind("Pod")
            .withApiVersion("v1")
            .withName("web-x-shop")
            .withNamespace(Fixtures.HOST_NAMESPACE)
            .endInvolvedObject()
            .withReason("Scheduled")
            .withMessage("Successfully assigned tc-tenants-eu-bank/web-x-shop to eu-node-1")
            .build();

    Event tenant =
        HostToTenant.tenantEvent(host, new TenantRef("Pod", "shop", "web", "uid-1"), "shop");

    assertThat(tenant.getMetadata().getName()).isEqualTo("web.17f3a");
    assertThat(tenant.getMetadata().getNamespace()).isEqualTo("shop");
    assertThat(tenant.getInvolvedObject().getName()).isEqualTo("web");
    assertThat(tenant.getInvolvedObject().getUid()).isEqualTo("uid-1");
    assertThat(tenant.getMessage()).isEqualTo("Successfully assigned shop/web to eu-node-1");
  }

  @Test
  void aRefusedPodGetsAWarningEventAndAFalseSyncedConditionNamingEveryReason() {
    var pod = Fixtures.baselinePod().editMetadata().withUid("uid-1").endMetadata().build();

    Event event = HostToTenant.refusalEvent(pod, REASONS, NOW);
    PodCondition condition = HostToTenant.refusalCondition(REASONS, NOW);

    assertThat(event.getType()).isEqualTo("Warning");
    assertThat(event.getReason()).isEqualTo("RefusedByJurisdiction");
    assertThat(event.getInvolvedObject().getName()).isEqualTo("web");
    assertThat(event.getMessage())
        .isEqualTo(
            "Not synced to the host, the jurisdiction does not allow it: spec.nodeName: found"
                + " \"uk-node-1\"; allowed: unset");
    assertThat(event.getLastTimestamp()).isEqualTo("2025-06-01T12:00:00Z");
    assertThat(condition.getType()).isEqualTo("enclave.dev/Synced");
    assertThat(condition.getStatus()).isEqualTo("False");
    assertThat(condition.getMessage()).isEqualTo(event.getMessage());
  }

  @Test
  void statusAndNodeNameFlowBackAndNullsAreSafe() {
    var host =
        new PodBuilder()
            .withNewSpec()
            .withNodeName("eu-node-1")
            .endSpec()
            .withNewStatus()
            .withPhase("Running")
            .withPodIP("10.244.1.7")
            .endStatus()
            .build();

    assertThat(HostToTenant.podStatus(host).getPodIP()).isEqualTo("10.244.1.7");
    assertThat(HostToTenant.nodeName(host)).isEqualTo("eu-node-1");
    assertThat(HostToTenant.podStatus(null)).isNotNull();
    assertThat(HostToTenant.nodeName(null)).isNull();
    assertThat(HostToTenant.tenantNode(null).getMetadata().getLabels()).isEmpty();
  }
}
