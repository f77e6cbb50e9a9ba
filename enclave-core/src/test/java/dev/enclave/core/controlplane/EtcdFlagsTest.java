package dev.enclave.core.controlplane;

import static org.assertj.core.api.Assertions.assertThat;

import dev.enclave.api.v1alpha1.TenantCluster;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EtcdFlagsTest {

  @Test
  void clientsAndPeersMustPresentCertificatesOfTheEtcdCa() {
    Map<String, String> flags = EtcdFlags.of(Fixtures.model(Fixtures.embedded())).asMap();

    assertThat(flags)
        .containsEntry("client-cert-auth", "true")
        .containsEntry("peer-client-cert-auth", "true")
        .containsEntry("auto-tls", "false")
        .containsEntry("peer-auto-tls", "false")
        .containsEntry("trusted-ca-file", "/etc/kubernetes/pki/etcd-ca/ca.crt")
        .containsEntry("peer-trusted-ca-file", "/etc/kubernetes/pki/etcd-ca/ca.crt")
        .containsEntry("cert-file", "/etc/kubernetes/pki/etcd-server/tls.crt")
        .containsEntry("key-file", "/etc/kubernetes/pki/etcd-server/tls.key");
  }

  @Test
  void aSingleMemberServesClientsOnLoopbackOnly() {
    Map<String, String> flags = EtcdFlags.of(Fixtures.model(Fixtures.embedded())).asMap();

    assertThat(flags)
        .containsEntry("listen-client-urls", "https://127.0.0.1:2379")
        .containsEntry("advertise-client-urls", "https://127.0.0.1:2379")
        .containsEntry(
            "initial-cluster", "acme-0=https://acme-0.acme-headless.tc-tenants-eu-acme.svc:2380");
  }

  @Test
  void haMembersFindEachOtherThroughTheHeadlessService() {
    TenantCluster tenant = Fixtures.embedded();
    tenant.getSpec().setControlPlane(Fixtures.controlPlane(3, false));

    Map<String, String> flags = EtcdFlags.of(Fixtures.model(tenant)).asMap();

    assertThat(flags.get("initial-cluster").split(","))
        .containsExactly(
            "acme-0=https://acme-0.acme-headless.tc-tenants-eu-acme.svc:2380",
            "acme-1=https://acme-1.acme-headless.tc-tenants-eu-acme.svc:2380",
            "acme-2=https://acme-2.acme-headless.tc-tenants-eu-acme.svc:2380");
    assertThat(flags)
        .containsEntry("name", "$(POD_NAME)")
        .containsEntry("listen-client-urls", "https://0.0.0.0:2379")
        .containsEntry(
            "initial-advertise-peer-urls",
            "https://$(POD_NAME).acme-headless.tc-tenants-eu-acme.svc:2380");
  }
}
