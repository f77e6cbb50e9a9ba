package dev.enclave.cli.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.enclave.api.v1alpha1.AccessGrant;
import dev.enclave.api.v1alpha1.DataStore;
import dev.enclave.api.v1alpha1.Jurisdiction;
import dev.enclave.api.v1alpha1.TenantCluster;
import dev.enclave.api.v1alpha1.TenantClusterStatus;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What {@code enclavectl migrate} refuses before it writes anything, on two CRUD mock hosts. */
class TenantMoveTest {
  private static final String JURISDICTION = """
      apiVersion: enclave.dev/v1alpha1
      kind: Jurisdiction
      metadata: {name: eu}
      spec:
        registries: [registry.eu.example.com]
        backupTargets: [{name: eu-files, path: /var/backups/eu}]
      """;
  private static final String STORE = """
      apiVersion: enclave.dev/v1alpha1
      kind: DataStore
      metadata: {name: eu-etcd-1}
      spec: {jurisdiction: eu, driver: etcd, endpoints: ["etcd-0.eu.example.com:2379"]}
      """;
  private static final String TENANT = """
      apiVersion: enclave.dev/v1alpha1
      kind: TenantCluster
      metadata: {name: claims, namespace: tenants-eu, uid: 11111111-2222-3333-4444-555555555555}
      spec:
        jurisdiction: eu
        kubernetesVersion: "1.37.2"
        dataStore: {ref: eu-etcd-1}
        backup: {target: eu-files}
      """;

  private final List<KubernetesMockServer> servers = new ArrayList<>();
  private KubernetesClient source;
  private KubernetesClient target;

  @BeforeEach
  void hosts() {
    source = host();
    target = host();
    for (KubernetesClient host : List.of(source, target)) {
      host.resource(Serialization.unmarshal(JURISDICTION, Jurisdiction.class)).create();
      host.resource(Serialization.unmarshal(STORE, DataStore.class)).create();
    }
  }

  @AfterEach
  void close() {
    source.close();
    target.close();
    servers.forEach(KubernetesMockServer::destroy);
  }

  @Test
  void aReadyTenantOnASharedStoreBetweenHostsDeclaredAlikeMayMove() {
    assertThat(refusal(ready(TENANT), null)).isNull();
  }

  @Test
  void aTenantWithItsOwnEtcdIsRefused() {
    TenantCluster embedded = ready(TENANT.replace("dataStore: {ref: eu-etcd-1}", "dataStore: {embedded: {size: 5Gi}}"));
    assertThat(refusal(embedded, null))
        .isEqualTo("TenantCluster tenants-eu/claims: spec.dataStore.embedded: a tenant with its own etcd cannot be"
            + " migrated yet: its state lives in volumes of host-a, and restoring an etcd snapshot into the"
            + " target's volumes is not built; allowed: a tenant on a shared DataStore (spec.dataStore.ref)");
  }

  @Test
  void aTenantThatIsNotReadyIsRefused_unlessAnEarlierRunStoppedIt() {
    TenantCluster provisioning = ready(TENANT);
    provisioning.getStatus().setPhase("Provisioning");
    assertThat(refusal(provisioning, null))
        .isEqualTo("TenantCluster tenants-eu/claims: status.phase: Provisioning; a tenant moves only when Ready");
    provisioning.getStatus().setPhase("Migrating");
    provisioning.getMetadata().setAnnotations(Map.of("enclave.dev/migrate-to", "host-b"));
    assertThat(refusal(provisioning, null)).isNull();
  }

  @Test
  void aTargetWithoutTheJurisdictionOrWithItDeclaredOtherwiseIsRefused() {
    target.resources(Jurisdiction.class).withName("eu").edit(j -> {
      j.getSpec().setRegistries(List.of("registry.example.com"));
      return j;
    });
    assertThat(refusal(ready(TENANT), null))
        .isEqualTo("TenantCluster tenants-eu/claims: spec.jurisdiction: Jurisdiction eu on host-b is declared"
            + " otherwise (spec.registries); a tenant moves only between hosts of its own jurisdiction, declared"
            + " alike: to move it to another jurisdiction, re-declare the TenantCluster in Git");
    target.resources(Jurisdiction.class).withName("eu").delete();
    assertThat(refusal(ready(TENANT), null)).contains("spec.jurisdiction: host-b has no Jurisdiction eu;");
  }

  @Test
  void aTargetWithoutTheDataStoreIsRefused() {
    target.resources(DataStore.class).withName("eu-etcd-1").delete();
    assertThat(refusal(ready(TENANT), null))
        .isEqualTo("TenantCluster tenants-eu/claims: spec.dataStore.ref: host-b has no DataStore eu-etcd-1; both"
            + " hosts must reach the same shared store");
  }

  @Test
  void anAccessGrantNamingTheTenantIsRefused() {
    source.resource(Serialization.unmarshal("""
        apiVersion: enclave.dev/v1alpha1
        kind: AccessGrant
        metadata: {name: incident-4711, namespace: tenants-eu}
        spec: {tenantCluster: claims, group: eu-oncall, role: view, duration: 2h, justification: INC-4711}
        """, AccessGrant.class)).create();
    assertThat(refusal(ready(TENANT), null))
        .isEqualTo("TenantCluster tenants-eu/claims: AccessGrant incident-4711 in tenants-eu names it; delete the"
            + " grants first (a grant's certificate and window belong to this host)");
  }

  @Test
  void aTenantWhoseWorkloadsKeepVolumesOnTheSourceHostIsRefused() {
    source.persistentVolumeClaims().inNamespace("tc-tenants-eu-claims").resource(
        new PersistentVolumeClaimBuilder().withNewMetadata().withName("data-db-0")
            .endMetadata().build()).create();
    assertThat(refusal(ready(TENANT), null))
        .isEqualTo("TenantCluster tenants-eu/claims: its workloads keep 1 PersistentVolumeClaim(s) in"
            + " tc-tenants-eu-claims on host-a (data-db-0); their volumes belong to that host and are not moved,"
            + " and removing the tenant there would delete them; allowed: a tenant whose workloads keep no volume"
            + " on the host");
  }

  @Test
  void theSameHostAnotherTenantOfTheNameOnTheTargetAndNoBackupTargetAreRefused() {
    assertThat(MoveRefusals.of(ready(TENANT), null, source, source, "host-a", "host-a"))
        .startsWith("--to-context: host-a is the same API server as the source (");
    TenantCluster other = ready(TENANT.replace("11111111", "99999999"));
    assertThat(refusal(ready(TENANT), other))
        .isEqualTo("TenantCluster tenants-eu/claims exists on host-b already (uid"
            + " 99999999-2222-3333-4444-555555555555) and is another tenant; allowed: a host without a"
            + " TenantCluster of this name");
    TenantCluster copied = ready(TENANT.replace("11111111", "99999999"));
    copied.getMetadata().setAnnotations(Map.of("enclave.dev/backup-uid", "11111111-2222-3333-4444-555555555555"));
    assertThat(refusal(ready(TENANT), copied)).as("a copy an earlier run wrote").isNull();
    assertThat(refusal(ready(TENANT.replace("backup: {target: eu-files}", "backup: {retention: 3}")), null))
        .startsWith("TenantCluster tenants-eu/claims: spec.backup.target is not set;");
  }

  @Test
  void aMoveStoppedAfterTheSourceWasRemovedIsFinishedByRunningItAgain() throws Exception {
    TenantCluster copied = ready(TENANT.replace("11111111", "99999999"));
    copied.getStatus().setConditions(List.of(new ConditionBuilder().withType("Ready").withStatus("True").build()));
    copied.getMetadata().setAnnotations(Map.of(
        "enclave.dev/backup-uid", "11111111-2222-3333-4444-555555555555",
        TenantMove.MOVING_FROM, "{\"host\":\"host-a\",\"server\":\"https://127.0.0.1:6443\",\"uid\":\"11111111-2222-3333-4444-555555555555\","
            + "\"backupId\":\"b-1\"}"));
    target.resource(copied).create();
    target.resource(copied).updateStatus();
    Secret key = new SecretBuilder().withNewMetadata().withName("backup-key-11111111-2222-3333-4444-555555555555")
        .endMetadata().addToData("keys", "a2V5Cg==").build();
    source.secrets().inNamespace("enclave-system").resource(key).create();
    target.secrets().inNamespace("enclave-system").resource(key).create();
    StringWriter out = new StringWriter();

    List<String> left = new TenantMove(new TenantMove.Host("host-a", source, "enclave-system"),
        new TenantMove.Host("host-b", target, "enclave-system"), new PrintWriter(out), new PrintWriter(out),
        Duration.ofSeconds(5), Clock.systemUTC()).run("tenants-eu", "claims");

    assertThat(left).isEmpty();
    assertThat(out.toString()).contains("gone from host-a already; finishing the move an earlier run started");
    assertThat(source.secrets().inNamespace("enclave-system").list().getItems()).isEmpty();
    Map<String, String> notes =
        target.resources(TenantCluster.class).inNamespace("tenants-eu").withName("claims").get().getMetadata().getAnnotations();
    assertThat(notes).doesNotContainKey(TenantMove.MOVING_FROM);
    assertThat(notes.get("enclave.dev/migrated-from"))
        .contains("\"host\":\"host-a\"", "\"backupId\":\"b-1\"", "\"sourceObjectsLeft\":0", "\"completedAt\":");
  }

  private String refusal(TenantCluster tenant, TenantCluster onTarget) {
    return MoveRefusals.of(tenant, onTarget, source, target, "host-a", "host-b");
  }

  private static TenantCluster ready(String yaml) {
    TenantCluster tenant = Serialization.unmarshal(yaml, TenantCluster.class);
    TenantClusterStatus status = new TenantClusterStatus();
    status.setPhase("Ready");
    tenant.setStatus(status);
    return tenant;
  }

  private KubernetesClient host() {
    KubernetesMockServer server =
        new KubernetesMockServer(
            new Context(), new MockWebServer(), new HashMap<>(), new KubernetesCrudDispatcher(List.of()), false);
    server.init();
    servers.add(server);
    KubernetesClient client = server.createClient();
    for (Class<? extends HasMetadata> kind :
        List.of(Jurisdiction.class, DataStore.class, TenantCluster.class, AccessGrant.class)) {
      String resource = "/META-INF/fabric8/" + HasMetadata.getFullResourceName(kind) + "-v1.yml";
      try (InputStream in = TenantMoveTest.class.getResourceAsStream(resource)) {
        client.apiextensions().v1().customResourceDefinitions()
            .resource(Serialization.unmarshal(in, CustomResourceDefinition.class)).create();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return client;
  }
}
