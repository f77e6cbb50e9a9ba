package dev.enclave.syncer;

import static dev.enclave.syncer.SyncerFixture.HOST_NS;
import static dev.enclave.syncer.SyncerFixture.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.mockwebserver.http.MockResponse;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The tenant's {@code default/kubernetes} Service takes the cluster IP of the host Service in front
 * of the tenant API server, so that {@code kubernetes.default.svc} in a synced pod reaches the
 * tenant's API server and not the host's.
 */
class KubernetesServiceTest {
  private static final String HOST_API_IP = "10.96.0.20";
  private final SyncerFixture f = new SyncerFixture();

  @AfterEach
  void close() {
    f.close();
  }

  /** The host Service the operator renders for tenant "bank" (ServicesBuilder.api). */
  private void hostApiService() {
    f.host
        .services()
        .inNamespace(HOST_NS)
        .resource(
            new ServiceBuilder()
                .withNewMetadata()
                .withName("bank")
                .withNamespace(HOST_NS)
                .endMetadata()
                .withNewSpec()
                .withType("ClusterIP")
                .withClusterIP(HOST_API_IP)
                .withClusterIPs(HOST_API_IP)
                .addNewPort()
                .withName("https")
                .withPort(443)
                .endPort()
                .endSpec()
                .build())
        .create();
  }

  /** As the tenant API server creates it: the first IP of the service range. */
  private void tenantKubernetesService() {
    f.tenant
        .services()
        .inNamespace("default")
        .resource(kubernetesService())
        .create();
  }

  private static Service kubernetesService() {
    return new ServiceBuilder()
        .withNewMetadata()
        .withName("kubernetes")
        .withNamespace("default")
        .addToLabels("component", "apiserver")
        .addToLabels("provider", "kubernetes")
        .endMetadata()
        .withNewSpec()
        .withType("ClusterIP")
        .withClusterIP("10.96.0.1")
        .withClusterIPs("10.96.0.1")
        .addNewPort()
        .withName("https")
        .withProtocol("TCP")
        .withPort(443)
        .withNewTargetPort(6443)
        .endPort()
        .endSpec()
        .build();
  }

  private Service tenantKubernetes() {
    return f.tenant.services().inNamespace("default").withName("kubernetes").get();
  }

  private boolean tenantKubernetesAt(String ip) {
    Service service = tenantKubernetes();
    return service != null && ip.equals(service.getSpec().getClusterIP());
  }

  @Test
  void whenTheTenantHasItsKubernetesServiceThenItTakesTheHostTenantApiServiceIpAndIsNotCopied() {
    hostApiService();
    tenantKubernetesService();
    f.hostServer.clearWrites();
    f.start(null);

    eventually(() -> tenantKubernetesAt(HOST_API_IP));
    f.settle();

    Service tenant = tenantKubernetes();
    assertThat(tenant.getSpec().getClusterIPs()).containsExactly(HOST_API_IP);
    assertThat(tenant.getSpec().getPorts())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.getPort()).isEqualTo(443);
              assertThat(p.getTargetPort().getIntVal()).isEqualTo(6443);
            });
    assertThat(tenant.getMetadata().getLabels()).containsEntry("component", "apiserver");
    assertThat(
            f.host
                .services()
                .inNamespace(HOST_NS)
                .withName(SyncerFixture.hostName("default", "kubernetes"))
                .get())
        .isNull();
    assertThat(f.hostServer.writes()).noneMatch(w -> w.contains("services"));

    f.syncer.close();
    f.hostServer.clearWrites();
    f.tenantServer.clearWrites();
    f.start(null);
    f.settle();
    assertThat(f.tenantServer.writes()).as("tenant writes after a restart").isEmpty();
    assertThat(f.hostServer.writes()).as("host writes after a restart").isEmpty();
  }

  @Test
  void withNoApiHostConfiguredPodsReachTheirApiServerByTheNameTheTenantDnsResolves() {
    hostApiService();
    tenantKubernetesService();
    f.start(null);
    f.tenant.pods().inNamespace("shop").resource(SyncerFixture.pod("shop", "web")).create();

    eventually(() -> f.hostPod("shop", "web") != null);

    // the tenant's CoreDNS resolves kubernetes.default.svc to the Service recreated above with
    // the host Service's IP; the host Service's own name (bank.<hostNamespace>.svc) is not
    // resolvable from a tenant pod
    assertThat(f.hostPod("shop", "web").getSpec().getContainers().get(0).getEnv())
        .filteredOn(e -> e.getName().equals("KUBERNETES_SERVICE_HOST"))
        .singleElement()
        .satisfies(e -> assertThat(e.getValue()).isEqualTo("kubernetes.default.svc"));
    eventually(() -> tenantKubernetesAt(HOST_API_IP));
  }

  @Test
  void whenTheApiHostIsAnIpThenTheKubernetesServiceTakesThatIp() {
    tenantKubernetesService();
    f.start("10.96.0.10");

    eventually(() -> tenantKubernetesAt("10.96.0.10"));
  }

  @Test
  void whenTheTenantApiServerRecreatesItFirstThenTheSyncerTriesAgain() {
    hostApiService();
    tenantKubernetesService();
    AtomicBoolean lost = new AtomicBoolean();
    // The tenant API server's reconcile loop wins the race after the delete: the create gets 409.
    f.tenantServer.override(
        r ->
            "POST".equals(r.getMethod())
                    && r.getPath().endsWith("/namespaces/default/services")
                    && lost.compareAndSet(false, true)
                ? new MockResponse()
                    .setResponseCode(409)
                    .setBody(
                        "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\","
                            + "\"reason\":\"AlreadyExists\",\"code\":409,\"message\":\"services"
                            + " \\\"kubernetes\\\" already exists\"}")
                : null);
    f.start(null);
    eventually(lost::get);
    eventually(() -> tenantKubernetes() == null);
    tenantKubernetesService(); // what the tenant API server does, within 10 s

    eventually(() -> tenantKubernetesAt(HOST_API_IP));
    f.settle();
    assertThat(tenantKubernetes().getSpec().getClusterIPs()).isEqualTo(List.of(HOST_API_IP));
  }
}
