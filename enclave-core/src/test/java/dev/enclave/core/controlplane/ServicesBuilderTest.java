package dev.enclave.core.controlplane;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import org.junit.jupiter.api.Test;

class ServicesBuilderTest {

  @Test
  void theApiServiceIsNamedAfterTheTenantAndForwards443To6443() {
    Service api = ServicesBuilder.api(Fixtures.model(Fixtures.embedded()));

    assertThat(api.getMetadata().getName()).isEqualTo("acme");
    assertThat(api.getSpec().getType()).isEqualTo("ClusterIP");
    assertThat(api.getSpec().getPorts())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.getPort()).isEqualTo(443);
              assertThat(p.getTargetPort().getIntVal()).isEqualTo(6443);
            });
  }

  @Test
  void theHeadlessServiceCarriesEtcdPortsOnlyForAnEmbeddedStore() {
    Service embedded = ServicesBuilder.headless(Fixtures.model(Fixtures.embedded()));
    Service shared = ServicesBuilder.headless(Fixtures.model(Fixtures.postgresql()));

    assertThat(embedded.getMetadata().getName()).isEqualTo("acme-headless");
    assertThat(embedded.getSpec().getClusterIP()).isEqualTo("None");
    assertThat(embedded.getSpec().getPublishNotReadyAddresses()).isTrue();
    assertThat(embedded.getSpec().getPorts())
        .extracting(ServicePort::getName)
        .containsExactly("https", "etcd-client", "etcd-peer");
    assertThat(shared.getSpec().getPorts())
        .extracting(ServicePort::getName)
        .containsExactly("https");
  }
}
