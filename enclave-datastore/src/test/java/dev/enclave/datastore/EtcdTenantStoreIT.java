package dev.enclave.datastore;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.enclave.api.v1alpha1.TenantCluster;
import dev.enclave.core.controlplane.HostNames;
import dev.enclave.testbed.Command;
import dev.enclave.testbed.Components;
import dev.enclave.testbed.KubeApiServer;
import dev.enclave.testbed.SecureEtcd;
import dev.enclave.testbed.Sockets;
import dev.enclave.testbed.Testbed;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Tenants in a shared etcd (the testbed's: TLS, client certificates, authentication on): each
 * reaches only its own prefix, provisioning is idempotent, deprovisioning leaves nothing.
 */
class EtcdTenantStoreIT {
  private static final Components COMPONENTS = Components.fromEnvironment();
  private static SecureEtcd etcd;
  private static TenantStore store;
  private static Path dir;

  @BeforeAll
  static void startEtcd() {
    dir = Testbed.directory().resolve("etcd-tenant-store");
    etcd = SecureEtcd.start(COMPONENTS, dir);
    store = TenantStores.of(Tenants.dataStore("uk-etcd-1", "etcd", List.of(etcd.hostPort())), adminSecret(),
        Clock.systemUTC(), new SecureRandom());
  }

  /** The DataStore's admin Secret as docs/datastores.md lists its keys. */
  static Map<String, String> adminSecret() {
    Map<String, String> secret = new LinkedHashMap<>();
    secret.put("ca.crt", etcd.caPem());
    secret.put("tls.crt", etcd.gatewayCertPem());
    secret.put("tls.key", etcd.gatewayKeyPem());
    secret.put("username", SecureEtcd.ROOT);
    secret.put("password", etcd.rootPassword());
    secret.put("client-ca.crt", etcd.clientCa().certificatePem());
    secret.put("client-ca.key", etcd.clientCa().privateKeyPem());
    return secret;
  }

  @AfterAll
  static void stopEtcd() {
    if (etcd != null) {
      etcd.close();
    }
  }

  @Test
  void tenantAsCertificateIsDeniedGetAndPutOnTenantBsPrefix() throws IOException {
    TenantCluster a = tenant("iso-a");
    TenantCluster b = tenant("iso-b");
    Path[] certA = files("iso-a", store.provision(a, TenantCredentials.none()), a);
    Path[] certB = files("iso-b", store.provision(b, TenantCredentials.none()), b);
    String keyA = HostNames.etcdPrefix(a) + "/registry/own";
    String keyB = HostNames.etcdPrefix(b) + "/registry/own";
    as(certB, "put", keyB, "b-secret").requireSuccess();
    as(certA, "put", keyA, "a-value").requireSuccess();
    assertThat(as(certA, "get", keyA, "--print-value-only").requireSuccess().stdout()).contains("a-value");

    assertDenied(as(certA, "get", keyB));
    assertDenied(as(certA, "put", keyB, "overwritten"));
    assertDenied(as(certA, "get", HostNames.etcdPrefix(b), "--prefix"));
    assertDenied(as(certA, "get", "", "--from-key"));
    // The prefix ends in a slash: tenant "iso-a" does not reach a sibling "iso-ab".
    assertDenied(as(certA, "put", HostNames.etcdPrefix(a) + "b/registry/x", "v"));
    assertThat(etcd.etcdctl(COMPONENTS, "get", keyB, "--print-value-only").requireSuccess().stdout())
        .contains("b-secret");
  }

  @Test
  void provisioningTwiceKeepsTheCertificateTheUserAndTheOnePermission() throws IOException {
    TenantCluster t = tenant("twice");
    TenantCredentials first = store.provision(t, TenantCredentials.none());
    String user = TenantNames.etcdUser(t);
    // A permission widened by hand is taken back by the next provisioning.
    etcd.etcdctl(COMPONENTS, "role", "grant-permission", user, "readwrite", "/enclave/", "--prefix").requireSuccess();
    TenantCredentials second = store.provision(t, first);
    assertThat(second.secrets()).isEqualTo(first.secrets());
    String role = etcd.etcdctl(COMPONENTS, "role", "get", user).requireSuccess().stdout();
    assertThat(role).contains("[" + HostNames.etcdPrefix(t) + "/, " + HostNames.etcdPrefix(t) + "0)");
    JsonNode perms = new ObjectMapper().readTree(
        etcd.etcdctl(COMPONENTS, "role", "get", user, "-w", "json").requireSuccess().stdout()).path("perm");
    assertThat(perms).hasSize(1);
    assertThat(perms.get(0).path("permType").asInt(-1)).as("READWRITE").isEqualTo(2);
    assertThat(etcd.etcdctl(COMPONENTS, "user", "get", user).requireSuccess().stdout()).contains("Roles: " + user);
    assertThat(first.value(HostNames.dataStoreCredentialsSecret(t), "ca.crt")).contains(etcd.caPem());
    assertThat(first.toString()).doesNotContain("PRIVATE KEY");
  }

  @Test
  void deprovisioningRemovesTheUserTheRoleAndEveryKeyUnderThePrefix() throws IOException {
    TenantCluster gone = tenant("gone");
    TenantCluster stays = tenant("stays");
    Path[] certGone = files("gone", store.provision(gone, TenantCredentials.none()), gone);
    Path[] certStays = files("stays", store.provision(stays, TenantCredentials.none()), stays);
    for (int i = 0; i < 3; i++) {
      as(certGone, "put", HostNames.etcdPrefix(gone) + "/registry/k" + i, "v").requireSuccess();
    }
    as(certStays, "put", HostNames.etcdPrefix(stays) + "/registry/k", "v").requireSuccess();

    store.deprovision(gone);
    store.deprovision(gone); // again: nothing left, no error

    assertThat(etcd.etcdctl(COMPONENTS, "get", HostNames.etcdPrefix(gone), "--prefix", "--count-only", "-w", "fields")
        .requireSuccess().stdout()).contains("\"Count\" : 0");
    assertThat(etcd.etcdctl(COMPONENTS, "user", "list").requireSuccess().stdout())
        .doesNotContain(TenantNames.etcdUser(gone)).contains(TenantNames.etcdUser(stays));
    assertThat(etcd.etcdctl(COMPONENTS, "role", "list").requireSuccess().stdout())
        .doesNotContain(TenantNames.etcdUser(gone));
    assertThat(as(certGone, "get", HostNames.etcdPrefix(gone) + "/registry/k0").succeeded()).isFalse();
    assertThat(as(certStays, "get", HostNames.etcdPrefix(stays) + "/registry/k", "--print-value-only")
        .requireSuccess().stdout()).contains("v");
  }

  @Test
  void aTenantApiServerOnTheSharedEtcdWritesUnderItsPrefixOnly() throws IOException {
    TenantCluster t = RenderedFlags.tenant("uk", "council.yaml");
    Path[] cert = files("council", store.provision(t, TenantCredentials.none()), t);
    // etcd-servers and etcd-prefix as ApiServerFlags renders them for the example tenant.
    Map<String, String> rendered =
        RenderedFlags.apiServer("uk", "council.yaml", "datastore-etcd.yaml", List.of(etcd.hostPort()));
    assertThat(rendered.get("etcd-servers")).isEqualTo(etcd.endpoint());
    assertThat(rendered.get("etcd-prefix")).isEqualTo(HostNames.etcdPrefix(t));
    Map<String, String> flags = new LinkedHashMap<>();
    flags.put("etcd-cafile", etcd.caFile().toString());
    flags.put("etcd-certfile", cert[0].toString());
    flags.put("etcd-keyfile", cert[1].toString());
    // Compaction is the store's job: a tenant's user may not compact a shared etcd.
    flags.put("etcd-compaction-interval", "0");
    try (KubeApiServer api = KubeApiServer.start(COMPONENTS, COMPONENTS.newestKubernetes(), "tenant-etcd",
            dir.resolve("tenant-etcd"), rendered.get("etcd-servers"), rendered.get("etcd-prefix"), flags);
        KubernetesClient client = api.adminClient()) {
      client.configMaps().inNamespace("default").resource(new ConfigMapBuilder()
          .withNewMetadata().withName("landed").endMetadata().addToData("k", "v").build()).create();
      assertThat(Sockets.offLoopback(List.of(etcd.process().pid(), api.process().pid())))
          .as("sockets off loopback").isEmpty();
    }
    List<String> keys = Arrays.stream(etcd.etcdctl(COMPONENTS, "get", "", "--from-key", "--keys-only")
        .requireSuccess().stdout().split("\n")).filter(k -> !k.isBlank()).toList();
    assertThat(keys).contains(HostNames.etcdPrefix(t) + "/configmaps/default/landed");
    List<String> otherTenants = List.of("iso-a", "iso-b", "stays", "gone", "twice").stream()
        .map(n -> HostNames.etcdPrefix(tenant(n)) + "/").toList();
    assertThat(keys).allMatch(k -> k.startsWith(HostNames.etcdPrefix(t) + "/")
        || otherTenants.stream().anyMatch(k::startsWith), "under a tenant's prefix");
  }

  private static void assertDenied(Command.Result result) {
    assertThat(result.succeeded()).as(String.join(" ", result.command())).isFalse();
    assertThat(result.stderr()).contains("permission denied");
  }

  private static Command.Result as(Path[] cert, String... args) {
    return etcd.etcdctlAs(COMPONENTS, cert[0], cert[1], args);
  }

  /** The tenant's etcd client Secret as files, the way the API server's volume mounts it. */
  private static Path[] files(String name, TenantCredentials credentials, TenantCluster t) throws IOException {
    Path tenantDir = Files.createDirectories(dir.resolve("tenants").resolve(name));
    String secret = HostNames.dataStoreCredentialsSecret(t);
    Path crt = Files.writeString(tenantDir.resolve("tls.crt"), credentials.value(secret, "tls.crt").orElseThrow());
    Path key = Files.writeString(tenantDir.resolve("tls.key"), credentials.value(secret, "tls.key").orElseThrow());
    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
    return new Path[] {crt, key};
  }

  private static TenantCluster tenant(String name) {
    return Tenants.tenant("tenants-uk", name);
  }
}
