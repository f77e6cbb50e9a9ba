package dev.enclave.syncer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.enclave.core.controlplane.HostNames;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The syncer finds its tenant's CoreDNS address on the host when it is not given one. */
class TenantDnsTest {

  @Test
  void theClusterIpOfTheTenantDnsServiceIsUsed() throws Exception {
    try (MockCluster host = new MockCluster()) {
      String namespace = SyncerFixture.POLICY.hostNamespace();
      host.client()
          .namespaces()
          .resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
          .create();
      host.client()
          .services()
          .inNamespace(namespace)
          .resource(
              new ServiceBuilder()
                  .withNewMetadata()
                  .withName(HostNames.dnsService(SyncerFixture.POLICY.tenantName()))
                  .endMetadata()
                  .withNewSpec()
                  .withClusterIP("10.96.0.53")
                  .endSpec()
                  .build())
          .create();

      assertThat(TenantDns.clusterIp(host.client(), SyncerFixture.POLICY, Duration.ofSeconds(5)))
          .isEqualTo("10.96.0.53");
    }
  }

  @Test
  void aMissingDnsServiceIsNamedWhenTheWaitEnds() {
    try (MockCluster host = new MockCluster()) {
      assertThatThrownBy(
              () -> TenantDns.clusterIp(host.client(), SyncerFixture.POLICY, Duration.ZERO))
          .hasMessageContaining(HostNames.dnsService(SyncerFixture.POLICY.tenantName()))
          .hasMessageContaining("does not exist")
          .hasMessageContaining("ENCLAVE_TENANT_DNS_IP");
    }
  }
}
