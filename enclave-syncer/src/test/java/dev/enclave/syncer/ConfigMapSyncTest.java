package dev.enclave.syncer;

import static dev.enclave.syncer.SyncerFixture.HOST_NS;
import static dev.enclave.syncer.SyncerFixture.eventually;
import static dev.enclave.syncer.SyncerFixture.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ConfigMapSyncTest {
  private final SyncerFixture f = new SyncerFixture();

  @AfterEach
  void close() {
    f.close();
  }

  private ConfigMap hostConfigMap(String name) {
    return f.host.configMaps().inNamespace(HOST_NS)
        .withName(SyncerFixture.hostName("shop", name)).get();
  }

  private static Pod usingSettings(String name) {
    return new PodBuilder(pod("shop", name))
        .editSpec()
        .addNewVolume()
        .withName("settings")
        .withNewConfigMap()
        .withName("settings")
        .endConfigMap()
        .endVolume()
        .editFirstContainer()
        .addNewEnvFrom()
        .withNewSecretRef()
        .withName("db")
        .endSecretRef()
        .endEnvFrom()
        .endContainer()
        .endSpec()
        .build();
  }

  @Test
  void whenNoPodUsesAConfigMapThenItStaysInTheTenant() {
    f.start();
    f.tenant.configMaps().inNamespace("shop").resource(configMap()).create();
    f.tenant.pods().inNamespace("shop").resource(pod("shop", "web")).create();
    eventually(() -> f.hostPod("shop", "web") != null);
    f.settle();

    assertThat(hostConfigMap("settings")).isNull();
  }

  @Test
  void whenAPodUsesAConfigMapAndASecretThenBothAreSyncedAndRemovedWithThePod() {
    f.start();
    f.tenant.configMaps().inNamespace("shop").resource(configMap()).create();
    f.tenant.secrets().inNamespace("shop").resource(
            new SecretBuilder().withNewMetadata().withName("db").endMetadata()
                .addToStringData("password", "s3cret").build())
        .create();
    f.tenant.pods().inNamespace("shop").resource(usingSettings("web")).create();

    eventually(() -> hostConfigMap("settings") != null);
    assertThat(hostConfigMap("settings").getData()).containsEntry("color", "blue");
    eventually(
        () -> f.host.secrets().inNamespace(HOST_NS)
            .withName(SyncerFixture.hostName("shop", "db")).get() != null);

    f.tenant.pods().inNamespace("shop").withName("web").delete();

    eventually(() -> hostConfigMap("settings") == null);
    eventually(
        () -> f.host.secrets().inNamespace(HOST_NS)
            .withName(SyncerFixture.hostName("shop", "db")).get() == null);
  }

  @Test
  void whenSomeoneDeletesTheHostCopyThenItIsWrittenAgainFromTheTenant() {
    f.start();
    f.tenant.configMaps().inNamespace("shop").resource(configMap()).create();
    f.tenant.pods().inNamespace("shop").resource(usingSettings("web")).create();
    eventually(() -> hostConfigMap("settings") != null);

    f.host.configMaps().inNamespace(HOST_NS)
        .withName(SyncerFixture.hostName("shop", "settings")).delete();

    eventually(() -> hostConfigMap("settings") != null);
  }

  private static ConfigMap configMap() {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName("settings")
        .withNamespace("shop")
        .endMetadata()
        .addToData("color", "blue")
        .build();
  }
}
