package dev.enclave.syncer;

import static dev.enclave.syncer.SyncerFixture.HOST_NS;
import static dev.enclave.syncer.SyncerFixture.pod;
import static org.assertj.core.api.Assertions.assertThat;

import dev.enclave.syncer.translate.NameTranslator;
import dev.enclave.syncer.translate.PodContext;
import dev.enclave.syncer.translate.PodEnforcer;
import dev.enclave.syncer.translate.Translation;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StartupGarbageCollectionTest {
  private final SyncerFixture f = new SyncerFixture();

  @AfterEach
  void close() {
    f.close();
  }

  private void hostCopyOf(Pod tenantPod) {
    Translation<Pod> t =
        PodEnforcer.toHost(tenantPod, SyncerFixture.POLICY, PodContext.of("10.96.0.10", "10.96.0.53"));
    f.host.pods().inNamespace(HOST_NS)
        .resource(((Translation.Synced<Pod>) t).hostObject()).create();
  }

  @Test
  void whenTheSyncerStartsThenHostCopiesOfVanishedTenantObjectsAreRemovedAndOthersKept() {
    Pod kept = f.tenant.pods().inNamespace("shop").resource(pod("shop", "kept")).create();
    hostCopyOf(kept);
    Pod gone = pod("shop", "gone");
    gone.getMetadata().setUid("uid-of-a-deleted-pod");
    hostCopyOf(gone);
    f.host.configMaps().inNamespace(HOST_NS).resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName("unrelated")
                .endMetadata()
                .build())
        .create();
    f.host.configMaps().inNamespace(HOST_NS).resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName(NameTranslator.hostName("shop", "old-settings"))
                .addToLabels(NameTranslator.MANAGED_BY_LABEL, NameTranslator.MANAGED_BY)
                .addToAnnotations(NameTranslator.OBJECT_KIND, "ConfigMap")
                .addToAnnotations(NameTranslator.OBJECT_NAMESPACE, "shop")
                .addToAnnotations(NameTranslator.OBJECT_NAME, "old-settings")
                .endMetadata()
                .build())
        .create();

    f.start();

    assertThat(f.hostPod("shop", "gone")).isNull();
    assertThat(f.host.configMaps().inNamespace(HOST_NS)
            .withName(NameTranslator.hostName("shop", "old-settings")).get()).isNull();
    SyncerFixture.eventually(() -> f.hostPod("shop", "kept") != null);
    assertThat(f.tenant.pods().inNamespace("shop").withName("kept").get()).isNotNull();
    assertThat(f.host.configMaps().inNamespace(HOST_NS).withName("unrelated").get())
        .as("objects without the syncer's label are never touched")
        .isNotNull();
  }
}
