package dev.enclave.cli.playground;

import static org.assertj.core.api.Assertions.assertThat;

import dev.enclave.api.v1alpha1.DataStore;
import dev.enclave.api.v1alpha1.Jurisdiction;
import dev.enclave.api.v1alpha1.TenantCluster;
import dev.enclave.core.gitops.GitOpsLoader;
import dev.enclave.core.model.Platform;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A second host of a jurisdiction ({@code --spare-host}) on two CRUD mock hosts: it gets the
 * Jurisdiction and DataStores but no tenant, and the tenant table shows a tenant on the host that
 * has it once it moved there.
 */
class SpareHostTest {
  @TempDir Path dir;
  private final List<KubernetesMockServer> servers = new ArrayList<>();
  private KubernetesClient first;
  private KubernetesClient second;

  @AfterEach
  void close() {
    for (KubernetesClient c : new KubernetesClient[] {first, second}) {
      if (c != null) {
        c.close();
      }
    }
    servers.forEach(KubernetesMockServer::destroy);
  }

  private KubernetesClient host() {
    KubernetesMockServer server =
        new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), new KubernetesCrudDispatcher(List.of()), false);
    server.init();
    servers.add(server);
    return server.createClient();
  }

  @Test
  void theSpareHostGetsTheJurisdictionAndItsStoresButNoTenant_andTheTableFollowsATenantThatMoved() throws IOException {
    first = host();
    second = host();
    Files.copy(Path.of(System.getProperty("enclave.repoRoot", "..")).resolve("examples/platform/eu/jurisdiction.yaml"),
        dir.resolve("jurisdiction.yaml"));
    Files.writeString(dir.resolve("platform.yaml"), """
        apiVersion: enclave.dev/v1alpha1
        kind: DataStore
        metadata: {name: eu-etcd-1}
        spec:
          jurisdiction: eu
          driver: etcd
          endpoints: ["etcd-0.eu.example.com:2379"]
          credentialsSecretRef: {name: eu-etcd-1-client, namespace: enclave-system}
        ---
        apiVersion: enclave.dev/v1alpha1
        kind: TenantCluster
        metadata: {name: claims, namespace: tenants-eu}
        spec:
          jurisdiction: eu
          kubernetesVersion: "1.37.2"
          dataStore: {ref: eu-etcd-1}
          audit: {sink: eu-siem}
        """);
    Platform platform = new GitOpsLoader().load(dir).platform();
    List<HostTarget> hosts =
        List.of(new HostTarget("host-eu", first, Set.of("eu")), new HostTarget("host-eu-2", second, Set.of("eu")));

    PlatformApplier.Result applied = PlatformApplier.apply(platform, hosts);

    assertThat(applied.refused()).isEmpty();
    assertThat(applied.applied()).isEqualTo(Map.of("host-eu", 3, "host-eu-2", 2));
    for (KubernetesClient host : List.of(first, second)) {
      assertThat(host.resources(Jurisdiction.class).withName("eu").get()).isNotNull();
      assertThat(host.resources(DataStore.class).withName("eu-etcd-1").get()).isNotNull();
    }
    assertThat(second.resources(TenantCluster.class).inAnyNamespace().list().getItems()).isEmpty();
    assertThat(second.namespaces().withName("tenants-eu").get()).as("no tenant namespace on the spare").isNull();
    assertThat(TenantTable.observe(platform, hosts, applied.notApplied())).singleElement()
        .satisfies(row -> assertThat(row.host()).isEqualTo("host-eu"));

    // As enclavectl migrate leaves it: the tenant on the spare host, gone from the first.
    TenantCluster moved = first.resources(TenantCluster.class).inNamespace("tenants-eu").withName("claims").get();
    moved.getMetadata().setResourceVersion(null);
    moved.getMetadata().setUid(null);
    second.resource(moved).create();
    first.resources(TenantCluster.class).inNamespace("tenants-eu").withName("claims").delete();

    assertThat(TenantTable.observe(platform, hosts, applied.notApplied())).singleElement()
        .satisfies(row -> assertThat(row.host()).isEqualTo("host-eu-2"));
  }
}
