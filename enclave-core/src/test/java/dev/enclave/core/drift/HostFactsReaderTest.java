package dev.enclave.core.drift;

import static org.assertj.core.api.Assertions.assertThat;

import dev.enclave.core.controlplane.AuditWebhookBuilder;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HostFactsReaderTest {
  @Test
  void aPodIsObservedWithItsNodesLabels() {
    var pod =
        new PodBuilder()
            .withNewMetadata()
            .withName("acme-0")
            .endMetadata()
            .withNewSpec()
            .withNodeName("n1")
            .endSpec()
            .withNewStatus()
            .withPhase("Running")
            .endStatus()
            .build();
    var node =
        new NodeBuilder()
            .withNewMetadata()
            .withName("n1")
            .addToLabels("a", "b")
            .endMetadata()
            .build();

    var observed = HostFactsReader.pod(pod, node);

    assertThat(observed.nodeName()).isEqualTo("n1");
    assertThat(observed.nodeLabels()).isEqualTo(Map.of("a", "b"));
    assertThat(observed.phase()).isEqualTo("Running");
  }

  @Test
  void aVolumesTopologyIsTheInRequirementsOfItsRequiredNodeAffinity() {
    PersistentVolume volume =
        new PersistentVolumeBuilder()
            .withNewMetadata()
            .withName("pv-1")
            .endMetadata()
            .withNewSpec()
            .withNewNodeAffinity()
            .withNewRequired()
            .addNewNodeSelectorTerm()
            .addNewMatchExpression()
            .withKey("topology.kubernetes.io/region")
            .withOperator("In")
            .withValues("eu-central-1")
            .endMatchExpression()
            .addNewMatchExpression()
            .withKey("topology.kubernetes.io/zone")
            .withOperator("NotIn")
            .withValues("x")
            .endMatchExpression()
            .endNodeSelectorTerm()
            .addNewNodeSelectorTerm()
            .addNewMatchExpression()
            .withKey("topology.kubernetes.io/region")
            .withOperator("In")
            .withValues("eu-west-1")
            .endMatchExpression()
            .endNodeSelectorTerm()
            .endRequired()
            .endNodeAffinity()
            .endSpec()
            .build();
    var claim =
        new PersistentVolumeClaimBuilder()
            .withNewMetadata()
            .withName("data")
            .endMetadata()
            .withNewSpec()
            .withStorageClassName("eu-encrypted")
            .withVolumeName("pv-1")
            .endSpec()
            .build();

    var observed = HostFactsReader.volume(claim, volume);

    assertThat(observed.storageClass()).isEqualTo("eu-encrypted");
    assertThat(observed.topology())
        .isEqualTo(Map.of("topology.kubernetes.io/region", "eu-central-1,eu-west-1"));
  }

  @Test
  void anUnboundClaimHasNoTopology() {
    var claim =
        new PersistentVolumeClaimBuilder().withNewMetadata().withName("d").endMetadata().build();

    assertThat(HostFactsReader.volume(claim, null).topology()).isEmpty();
  }

  @Test
  void theAuditServerIsReadFromTheRenderedKubeconfig() {
    var configMap =
        new ConfigMapBuilder()
            .addToData(
                "kubeconfig",
                Serialization.asYaml(AuditWebhookBuilder.kubeconfig("https://siem.eu/audit")))
            .build();

    assertThat(HostFactsReader.auditServer(configMap)).contains("https://siem.eu/audit");
  }

  @Test
  void anUnreadableAuditKubeconfigIsReportedAsSuch() {
    var configMap = new ConfigMapBuilder().addToData("kubeconfig", "{{ not yaml").build();

    assertThat(HostFactsReader.auditServer(configMap)).contains("<unreadable kubeconfig>");
  }
}
