package dev.enclave.syncer;

import static dev.enclave.syncer.SyncerFixture.HOST_NS;
import static dev.enclave.syncer.SyncerFixture.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PvcSyncTest {
  private final SyncerFixture f = new SyncerFixture();

  @AfterEach
  void close() {
    f.close();
  }

  private PersistentVolumeClaim hostPvc(String name) {
    return f.host.persistentVolumeClaims().inNamespace(HOST_NS)
        .withName(SyncerFixture.hostName("shop", name)).get();
  }

  private static PersistentVolumeClaim claim(String name, String storageClass) {
    return new PersistentVolumeClaimBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace("shop")
        .endMetadata()
        .withNewSpec()
        .withStorageClassName(storageClass)
        .withAccessModes("ReadWriteOnce")
        .withNewResources()
        .addToRequests("storage", new Quantity("1Gi"))
        .endResources()
        .endSpec()
        .build();
  }

  @Test
  void whenAClaimNamesNoStorageClassThenTheHostClaimGetsTheJurisdictionsFirst() {
    f.start();
    f.tenant.persistentVolumeClaims().inNamespace("shop").resource(claim("data", null)).create();

    eventually(() -> hostPvc("data") != null);
    assertThat(hostPvc("data").getSpec().getStorageClassName()).isEqualTo("eu-encrypted");
  }

  @Test
  void whenAClaimNamesAForeignStorageClassThenItIsRefusedWithAnEvent() {
    f.start();
    f.tenant.persistentVolumeClaims().inNamespace("shop").resource(claim("data", "us-fast"))
        .create();

    eventually(
        () -> f.tenant.v1().events().inNamespace("shop").list().getItems().stream()
            .anyMatch(e -> e.getMessage() != null && e.getMessage().contains("us-fast")));
    f.settle();
    assertThat(hostPvc("data")).isNull();
  }

  @Test
  void whenTheHostClaimIsBoundThenTheTenantClaimShowsBound() {
    f.start();
    f.tenant.persistentVolumeClaims().inNamespace("shop").resource(claim("data", null)).create();
    eventually(() -> hostPvc("data") != null);

    PersistentVolumeClaim host = hostPvc("data");
    host.setStatus(new io.fabric8.kubernetes.api.model.PersistentVolumeClaimStatusBuilder()
        .withPhase("Bound").build());
    f.host.persistentVolumeClaims().inNamespace(HOST_NS).resource(host).updateStatus();

    eventually(
        () -> {
          PersistentVolumeClaim t =
              f.tenant.persistentVolumeClaims().inNamespace("shop").withName("data").get();
          return t.getStatus() != null && "Bound".equals(t.getStatus().getPhase());
        });
  }
}
