package dev.enclave.syncer;

import static dev.enclave.syncer.SyncerFixture.HOST_NS;
import static dev.enclave.syncer.SyncerFixture.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ServiceSyncTest {
  private final SyncerFixture f = new SyncerFixture();

  @AfterEach
  void close() {
    f.close();
  }

  private Service hostService(String name) {
    return f.host.services().inNamespace(HOST_NS)
        .withName(SyncerFixture.hostName("shop", name)).get();
  }

  private static Service service(String name, String type, boolean selector) {
    ServiceBuilder b =
        new ServiceBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace("shop")
            .endMetadata()
            .withNewSpec()
            .withType(type)
            .addNewPort()
            .withName("http")
            .withPort(80)
            .endPort()
            .endSpec();
    if (selector) {
      b.editSpec().addToSelector("app", "web").endSpec();
    }
    return b.build();
  }

  @Test
  void whenATenantCreatesAServiceThenItIsSyncedAndTheHostClusterIpFlowsBack() {
    f.start();
    f.tenant.services().inNamespace("shop").resource(service("web", "ClusterIP", true)).create();
    eventually(() -> hostService("web") != null);

    Service host = hostService("web");
    host.getSpec().setClusterIP("10.96.7.7");
    f.host.services().inNamespace(HOST_NS).resource(host).update();

    eventually(
        () -> "10.96.7.7".equals(
            f.tenant.services().inNamespace("shop").withName("web").get().getSpec()
                .getClusterIP()));
  }

  @Test
  void whenTheJurisdictionForbidsNodePortThenTheServiceIsRefusedWithAnEvent() {
    f.start();
    f.tenant.services().inNamespace("shop").resource(service("open", "NodePort", true)).create();

    eventually(
        () -> f.tenant.v1().events().inNamespace("shop").list().getItems().stream()
            .anyMatch(e -> "open".equals(e.getInvolvedObject().getName())));
    f.settle();
    assertThat(hostService("open")).isNull();
  }

  @Test
  void whenAServiceHasNoSelectorThenItsEndpointSlicesAreSynced() {
    f.start();
    f.tenant.services().inNamespace("shop").resource(service("db", "ClusterIP", false)).create();
    f.tenant.discovery().v1().endpointSlices().inNamespace("shop").resource(
            new EndpointSliceBuilder()
                .withNewMetadata()
                .withName("db-1")
                .withNamespace("shop")
                .addToLabels("kubernetes.io/service-name", "db")
                .endMetadata()
                .withAddressType("IPv4")
                .addNewEndpoint()
                .withAddresses("10.1.2.3")
                .endEndpoint()
                .addNewPort()
                .withName("http")
                .withPort(80)
                .endPort()
                .build())
        .create();

    eventually(
        () -> f.host.discovery().v1().endpointSlices().inNamespace(HOST_NS)
            .withName(SyncerFixture.hostName("shop", "db-1")).get() != null);
  }
}
