package dev.enclave.syncer.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import org.junit.jupiter.api.Test;

class HostPodStoreTest {

  @Test
  void aCachedHostPodKeepsWhatTheSyncerReadsAndDropsWhatItWroteItself() {
    Pod full =
        new PodBuilder()
            .withNewMetadata()
            .withNamespace("tc-tenants-eu-bank")
            .withName("web-x-shop")
            .addToAnnotations("enclave.dev/sync-fingerprint", "abc")
            .endMetadata()
            .withNewSpec()
            .withNodeName("eu-node-1")
            .addNewVolume()
            .withName("enclave-api-access")
            .endVolume()
            .addNewContainer()
            .withName("app")
            .withImage("registry.eu.example.com/shop/app:1.0")
            .endContainer()
            .withNewAffinity()
            .endAffinity()
            .endSpec()
            .withNewStatus()
            .withPhase("Running")
            .endStatus()
            .build();
    HostPodStore store = new HostPodStore();

    store.put(store.getKey(full), full);
    Pod cached = store.get("tc-tenants-eu-bank/web-x-shop");

    assertThat(cached.getMetadata()).isEqualTo(full.getMetadata());
    assertThat(cached.getStatus().getPhase()).isEqualTo("Running");
    assertThat(cached.getSpec().getNodeName()).isEqualTo("eu-node-1");
    assertThat(cached.getSpec().getVolumes()).isEqualTo(full.getSpec().getVolumes());
    assertThat(cached.getSpec().getContainers()).isEmpty();
    assertThat(cached.getSpec().getAffinity()).isNull();
  }
}
