package dev.enclave.syncer;

import static dev.enclave.syncer.SyncerFixture.HOST_NS;
import static dev.enclave.syncer.SyncerFixture.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.enclave.syncer.translate.NameTranslator;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.mockwebserver.http.MockResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ServiceSyncTest {
  private final SyncerFixture f = new SyncerFixture();

  @AfterEach
  void close() {
    f.close();
  }

  private Service hostService(String name) {
    return f.host
        .services()
        .inNamespace(HOST_NS)
        .withName(SyncerFixture.hostName("shop", name))
        .get();
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
        () ->
            "10.96.7.7"
                .equals(
                    f.tenant
                        .services()
                        .inNamespace("shop")
                        .withName("web")
                        .get()
                        .getSpec()
                        .getClusterIP()));
  }

  private Service tenantService(String name) {
    return f.tenant.services().inNamespace("shop").withName(name).get();
  }

  private static long count(List<String> writes, String method, String path) {
    return writes.stream().filter(w -> w.startsWith(method + " ") && w.contains(path)).count();
  }

  /**
   * A tenant Service at 10.96.5.5 whose host copy gets 10.96.7.7; returns the host copy's and the
   * first tenant Service's uids.
   */
  private String[] mismatchedService(String name) {
    Service own = service(name, "ClusterIP", true);
    own.getSpec().setClusterIP("10.96.5.5");
    own.getSpec().setClusterIPs(List.of("10.96.5.5"));
    f.tenant.services().inNamespace("shop").resource(own).create();
    f.start();
    eventually(() -> hostService(name) != null);
    f.settle();
    f.hostServer.clearWrites();
    f.tenantServer.clearWrites();
    Service host = hostService(name);
    host.getSpec().setClusterIP("10.96.7.7");
    host.getSpec().setClusterIPs(List.of("10.96.7.7"));
    String tenantUid = tenantService(name).getMetadata().getUid();
    f.host.services().inNamespace(HOST_NS).resource(host).update();
    return new String[] {host.getMetadata().getUid(), tenantUid};
  }

  private boolean tenantClusterIp(String name, String ip) {
    Service tenant = tenantService(name);
    return tenant != null && ip.equals(tenant.getSpec().getClusterIP());
  }

  @Test
  void whenTheTenantClusterIpDiffersThenTheTenantServiceIsRecreatedWithTheHostsAndTheCopyKept() {
    String[] uids = mismatchedService("web");
    String hostUid = uids[0];
    String tenantUid = uids[1];

    eventually(() -> tenantClusterIp("web", "10.96.7.7"));
    f.settle();

    Service tenant = tenantService("web");
    assertThat(tenant.getSpec().getClusterIPs()).containsExactly("10.96.7.7");
    assertThat(tenant.getMetadata().getUid()).isNotEqualTo(tenantUid);
    Service host = hostService("web");
    assertThat(host.getMetadata().getUid()).isEqualTo(hostUid);
    assertThat(host.getSpec().getClusterIP()).isEqualTo("10.96.7.7");
    assertThat(NameTranslator.tenantRef(host).orElseThrow().uid())
        .isEqualTo(tenant.getMetadata().getUid());
    String hostPath = "/services/" + SyncerFixture.hostName("shop", "web");
    assertThat(count(f.hostServer.writes(), "DELETE", hostPath)).isZero();
    assertThat(count(f.hostServer.writes(), "POST", "/services")).isZero();
    assertThat(count(f.tenantServer.writes(), "DELETE", "/services/web")).isEqualTo(1);
    assertThat(count(f.tenantServer.writes(), "POST", "/services")).isEqualTo(1);

    f.hostServer.clearWrites();
    f.tenantServer.clearWrites();
    f.syncer.close();
    f.start();
    f.settle();
    assertThat(f.hostServer.writes()).as("host writes on a resync").isEmpty();
    assertThat(f.tenantServer.writes()).as("tenant writes on a resync").isEmpty();
  }

  @Test
  void whenTheTenantRefusesTheHostClusterIpThenItsServiceIsRestoredWithAWarning() {
    f.tenantServer.override(
        r ->
            "POST".equals(r.getMethod())
                    && r.getPath().endsWith("/services")
                    && new String(r.getBody().getBytes(), StandardCharsets.UTF_8)
                        .contains("\"clusterIP\":\"10.96.7.7\"")
                ? new MockResponse()
                    .setResponseCode(422)
                    .setBody(
                        "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\","
                            + "\"reason\":\"Invalid\",\"code\":422,\"message\":\"spec.clusterIPs:"
                            + " Invalid value: 10.96.7.7: provided IP is not in the valid range\"}")
                : null);
    String hostUid = mismatchedService("web")[0];

    eventually(
        () ->
            f.tenant.v1().events().inNamespace("shop").list().getItems().stream()
                .anyMatch(e -> "ClusterIPNotRecreated".equals(e.getReason())));
    f.settle();

    Service tenant = tenantService("web");
    assertThat(tenant.getSpec().getClusterIP()).isEqualTo("10.96.5.5");
    assertThat(tenant.getSpec().getSelector()).containsEntry("app", "web");
    assertThat(tenant.getMetadata().getAnnotations())
        .containsEntry("enclave.dev/cluster-ip-refused", "10.96.7.7");
    Service host = hostService("web");
    assertThat(host.getMetadata().getUid()).isEqualTo(hostUid);
    assertThat(NameTranslator.tenantRef(host).orElseThrow().uid())
        .isEqualTo(tenant.getMetadata().getUid());
    assertThat(count(f.hostServer.writes(), "DELETE", "/services")).isZero();
    assertThat(
            f.tenant.v1().events().inNamespace("shop").list().getItems().stream()
                .filter(e -> "ClusterIPNotRecreated".equals(e.getReason()))
                .findFirst()
                .orElseThrow()
                .getMessage())
        .contains("service CIDR");

    f.tenantServer.clearWrites();
    f.hostServer.clearWrites();
    f.syncer.close();
    f.start();
    f.settle();
    assertThat(f.tenantServer.writes()).as("no second attempt").isEmpty();
    assertThat(f.hostServer.writes()).isEmpty();
  }

  private static boolean createsService(
      io.fabric8.mockwebserver.http.RecordedRequest r, String name) {
    return "POST".equals(r.getMethod())
        && r.getPath().endsWith("/namespaces/shop/services")
        && new String(r.getBody().getBytes(), StandardCharsets.UTF_8)
            .contains("\"name\":\"" + name + "\"");
  }

  /** A mismatched Service "web" whose every create fails from now on, as after an etcd outage. */
  private String hostUidAfterCreatesFail(AtomicInteger failed) {
    syncedWithOwnClusterIp("web", "10.96.5.5");
    f.tenantServer.override(
        r -> {
          if (!createsService(r, "web")) {
            return null;
          }
          failed.incrementAndGet();
          return MockCluster.status(503, "ServiceUnavailable", "etcd unavailable");
        });
    Service host = hostService("web");
    host.getSpec().setClusterIP("10.96.7.7");
    host.getSpec().setClusterIPs(List.of("10.96.7.7"));
    f.host.services().inNamespace(HOST_NS).resource(host).update();
    return host.getMetadata().getUid();
  }

  @Test
  void whenEveryCreateFailsAfterTheDeleteThenANewSyncerRestoresTheServiceAndKeepsTheCopy() {
    AtomicInteger failed = new AtomicInteger();
    String hostUid = hostUidAfterCreatesFail(failed);
    eventually(() -> failed.get() >= 2);
    f.syncer.close(); // the syncer dies with the tenant Service deleted
    assertThat(tenantService("web")).isNull();
    assertThat(hostService("web").getMetadata().getAnnotations())
        .containsKey("enclave.dev/recreating");

    f.tenantServer.override(r -> null);
    f.start();
    eventually(() -> tenantClusterIp("web", "10.96.7.7"));
    f.settle();

    Service tenant = tenantService("web");
    assertThat(tenant.getSpec().getSelector()).containsEntry("app", "web");
    assertThat(tenant.getSpec().getPorts()).extracting(p -> p.getPort()).containsExactly(80);
    Service host = hostService("web");
    assertThat(host.getMetadata().getUid()).as("host copy survives").isEqualTo(hostUid);
    assertThat(host.getMetadata().getAnnotations()).doesNotContainKey("enclave.dev/recreating");
    assertThat(NameTranslator.tenantRef(host).orElseThrow().uid())
        .isEqualTo(tenant.getMetadata().getUid());
    assertThat(count(f.hostServer.writes(), "DELETE", "/services")).isZero();
  }

  @Test
  void whenASyncerStopsBetweenDeleteAndCreateThenStartUpCollectionKeepsTheCopyAndRestoresIt() {
    // The delete went through and the syncer died before its create: simulated by doing its
    // writes by hand, the journal on the host copy first, then the delete.
    syncedWithOwnClusterIp("web", "10.96.5.5");
    f.syncer.close();
    Service host = hostService("web");
    String hostUid = host.getMetadata().getUid();
    Service journal = tenantService("web");
    journal.getMetadata().setUid(null);
    journal.getMetadata().setResourceVersion(null);
    journal.getMetadata().setCreationTimestamp(null);
    host.getSpec().setClusterIP("10.96.7.7");
    host.getSpec().setClusterIPs(List.of("10.96.7.7"));
    host.getMetadata()
        .getAnnotations()
        .put(
            "enclave.dev/recreating",
            io.fabric8.kubernetes.client.utils.Serialization.asJson(journal));
    f.host.services().inNamespace(HOST_NS).resource(host).update();
    f.tenant.services().inNamespace("shop").withName("web").delete();
    eventually(() -> tenantService("web") == null);
    f.hostServer.clearWrites();

    f.start();
    eventually(() -> tenantClusterIp("web", "10.96.7.7"));
    f.settle();

    assertThat(hostService("web").getMetadata().getUid()).isEqualTo(hostUid);
    assertThat(hostService("web").getMetadata().getAnnotations())
        .doesNotContainKey("enclave.dev/recreating");
    assertThat(count(f.hostServer.writes(), "DELETE", "/services")).isZero();
  }

  @Test
  void whenTheHostCopyIsDualStackThenTheTenantServiceGetsBothIpsAndTheHostsFamilies() {
    syncedWithOwnClusterIp("web", "10.96.5.5");
    Service host = hostService("web");
    host.getSpec().setClusterIP("10.96.7.7");
    host.getSpec().setClusterIPs(List.of("10.96.7.7", "fd00:10:96::7"));
    host.getSpec().setIpFamilies(List.of("IPv4", "IPv6"));
    host.getSpec().setIpFamilyPolicy("PreferDualStack");
    f.host.services().inNamespace(HOST_NS).resource(host).update();

    eventually(() -> tenantClusterIp("web", "10.96.7.7"));
    f.settle();

    Service tenant = tenantService("web");
    assertThat(tenant.getSpec().getClusterIPs()).containsExactly("10.96.7.7", "fd00:10:96::7");
    assertThat(tenant.getSpec().getIpFamilies()).containsExactly("IPv4", "IPv6");
    assertThat(tenant.getSpec().getIpFamilyPolicy()).isEqualTo("PreferDualStack");
  }

  @Test
  void whenTheTenantServiceIsRecreatedThenItsDeleteCarriesTheCachedUidAndResourceVersion() {
    String tenantUid = mismatchedService("web")[1];
    eventually(() -> tenantClusterIp("web", "10.96.7.7"));
    // the mock ignores preconditions: what is checked is that they are sent
    assertThat(f.tenantServer.deleteBodies())
        .anyMatch(
            b -> b.contains("\"uid\":\"" + tenantUid + "\"") && b.contains("resourceVersion"));
  }

  @Test
  void whenATenantServiceIsHeadlessThenItIsLeftAlone() {
    Service headless = service("peers", "ClusterIP", true);
    headless.getSpec().setClusterIP("None");
    f.tenant.services().inNamespace("shop").resource(headless).create();
    f.start();
    eventually(() -> hostService("peers") != null);
    Service host = hostService("peers");
    host.getSpec().setClusterIP("10.96.8.8");
    f.host.services().inNamespace(HOST_NS).resource(host).update();
    f.settle();
    assertThat(tenantService("peers").getSpec().getClusterIP()).isEqualTo("None");
    assertThat(count(f.tenantServer.writes(), "DELETE", "/services")).isZero();
  }

  @Test
  void whenTheJurisdictionForbidsNodePortThenTheServiceIsRefusedWithAnEvent() {
    f.start();
    f.tenant.services().inNamespace("shop").resource(service("open", "NodePort", true)).create();

    eventually(
        () ->
            f.tenant.v1().events().inNamespace("shop").list().getItems().stream()
                .anyMatch(e -> "open".equals(e.getInvolvedObject().getName())));
    f.settle();
    assertThat(hostService("open")).isNull();
  }

  @Test
  void whenAServiceHasNoSelectorThenItsEndpointSlicesAreSynced() {
    f.start();
    f.tenant.services().inNamespace("shop").resource(service("db", "ClusterIP", false)).create();
    f.tenant
        .discovery()
        .v1()
        .endpointSlices()
        .inNamespace("shop")
        .resource(
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
        () ->
            f.host
                    .discovery()
                    .v1()
                    .endpointSlices()
                    .inNamespace(HOST_NS)
                    .withName(SyncerFixture.hostName("shop", "db-1"))
                    .get()
                != null);
  }

  /** A tenant Service created with its own cluster IP, synced, the syncer idle. */
  private void syncedWithOwnClusterIp(String name, String ip) {
    Service own = service(name, "ClusterIP", true);
    own.getSpec().setClusterIP(ip);
    own.getSpec().setClusterIPs(List.of(ip));
    f.tenant.services().inNamespace("shop").resource(own).create();
    f.start();
    eventually(() -> hostService(name) != null);
    f.settle();
  }

}
