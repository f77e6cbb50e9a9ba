package dev.enclave.syncer;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodList;
import io.fabric8.kubernetes.api.model.PodListBuilder;
import io.fabric8.kubernetes.api.model.WatchEvent;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;

class HostSerializationTest {
  private final KubernetesSerialization host = HostSerialization.create();

  @Test
  void whenAHostPodIsReadThenItsSpecKeepsOnlyItsNodeAndVolumesAndEverythingElseIsWhole() {
    Pod full = hostPod();

    Pod read = host.unmarshal(Serialization.asJson(full), Pod.class);

    assertThat(read.getMetadata()).isEqualTo(full.getMetadata());
    assertThat(read.getStatus()).isEqualTo(full.getStatus());
    assertThat(read.getSpec().getNodeName()).isEqualTo("host-eu-node-1");
    assertThat(read.getSpec().getVolumes()).isEqualTo(full.getSpec().getVolumes());
    assertThat(read.getSpec().getContainers()).isEmpty();
    assertThat(read.getSpec().getAffinity()).isNull();
    assertThat(read.getSpec().getTolerations()).isEmpty();
  }

  @Test
  void whenPodsArriveInAListOrAWatchEventThenTheyAreReadTheSameWay() {
    PodList list = new PodListBuilder().addToItems(hostPod()).build();
    PodList readList = host.unmarshal(Serialization.asJson(list), PodList.class);
    assertThat(readList.getItems().get(0).getSpec().getContainers()).isEmpty();
    assertThat(readList.getItems().get(0).getSpec().getNodeName()).isEqualTo("host-eu-node-1");

    String event = "{\"type\":\"ADDED\",\"object\":" + Serialization.asJson(hostPod()) + "}";
    WatchEvent readEvent = host.unmarshal(event, WatchEvent.class);
    Pod pod = (Pod) readEvent.getObject();
    assertThat(pod.getSpec().getContainers()).isEmpty();
    assertThat(pod.getSpec().getVolumes()).hasSize(1);
    assertThat(pod.getMetadata().getAnnotations()).containsEntry("enclave.dev/sync-fingerprint", "f");
  }

  @Test
  void whenAPodIsWrittenThenNothingIsLeftOut() {
    Pod full = hostPod();

    assertThat(Serialization.unmarshal(host.asJson(full), Pod.class)).isEqualTo(full);
  }

  private static Pod hostPod() {
    return new PodBuilder()
        .withNewMetadata()
        .withName("web-x-shop")
        .withNamespace("tc-tenants-eu-bank")
        .addToLabels("app", "web")
        .addToAnnotations("enclave.dev/sync-fingerprint", "f")
        .endMetadata()
        .withNewSpec()
        .withNodeName("host-eu-node-1")
        .addNewContainer()
        .withName("app")
        .withImage("registry.eu.example.com/shop/app:1.0")
        .endContainer()
        .addNewToleration()
        .withKey("enclave.dev/jurisdiction")
        .withValue("eu")
        .withEffect("NoSchedule")
        .endToleration()
        .withNewAffinity()
        .withNewNodeAffinity()
        .withNewRequiredDuringSchedulingIgnoredDuringExecution()
        .addNewNodeSelectorTerm()
        .addNewMatchExpression()
        .withKey("enclave.dev/jurisdiction")
        .withOperator("In")
        .withValues("eu")
        .endMatchExpression()
        .endNodeSelectorTerm()
        .endRequiredDuringSchedulingIgnoredDuringExecution()
        .endNodeAffinity()
        .endAffinity()
        .addNewVolume()
        .withName("token")
        .withNewSecret()
        .withSecretName("default-token-x-shop-0123456789")
        .endSecret()
        .endVolume()
        .endSpec()
        .withNewStatus()
        .withPhase("Running")
        .withPodIP("10.244.1.7")
        .endStatus()
        .build();
  }
}
