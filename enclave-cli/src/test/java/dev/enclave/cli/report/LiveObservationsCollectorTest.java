package dev.enclave.cli.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.enclave.api.v1alpha1.AuditSink;
import dev.enclave.api.v1alpha1.AuditSpec;
import dev.enclave.api.v1alpha1.Jurisdiction;
import dev.enclave.api.v1alpha1.JurisdictionSpec;
import dev.enclave.api.v1alpha1.Placement;
import dev.enclave.api.v1alpha1.TenantCluster;
import dev.enclave.api.v1alpha1.TenantClusterSpec;
import dev.enclave.api.v1alpha1.TenantClusterStatus;
import dev.enclave.core.controlplane.AuditWebhookBuilder;
import dev.enclave.core.model.Declared;
import dev.enclave.core.model.Platform;
import dev.enclave.core.observed.AccessSubject;
import dev.enclave.core.observed.DriftFinding;
import dev.enclave.core.observed.MigratedTenant;
import dev.enclave.core.observed.Observations;
import dev.enclave.core.observed.ObservedPod;
import dev.enclave.core.observed.ObservedTenant;
import dev.enclave.core.observed.ObservedVolume;
import dev.enclave.operator.tenant.TenantMigration;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LiveObservationsCollectorTest {
  private static final String NS = "tc-tenants-eu-acme";
  private static final Instant NOW = Instant.parse("2025-06-01T08:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final String EU_SIEM = "https://siem.eu.example.com/k8s-audit";

  @Test
  void aTenantsPodsNodesVolumesReadersAndDriftAreObserved() {
    try (LiveHost host = LiveHost.start()) {
      populate(host);

      Observations observed =
          LiveObservationsCollector.collect(host.client, platform(), "eu-1", CLOCK);

      assertThat(observed.observedAt()).isEqualTo(NOW);
      assertThat(observed.source()).isEqualTo("eu-1");
      assertThat(observed.gaps()).isEmpty();
      ObservedTenant acme = observed.tenants().get(0);
      assertThat(acme.name()).isEqualTo("acme");
      assertThat(acme.hostNamespace()).isEqualTo(NS);
      assertThat(acme.phase()).isEqualTo("Ready");
      assertThat(acme.lastSuccessfulBackup()).isNull();
      assertThat(acme.pods())
          .containsExactly(
              new ObservedPod(
                  "acme-0", "eu-node-1", Map.of("enclave.dev/jurisdiction", "eu"), "Running"),
              new ObservedPod(
                  "acme-1", "uk-node-1", Map.of("enclave.dev/jurisdiction", "uk"), "Running"),
              new ObservedPod("acme-2", null, Map.of(), "Pending"));
      assertThat(acme.volumes())
          .containsExactly(
              new ObservedVolume(
                  "etcd-data-acme-0",
                  "eu-encrypted",
                  Map.of("topology.kubernetes.io/region", "eu-central-1")));
      assertThat(acme.readers())
          .extracting(
              AccessSubject::kind,
              AccessSubject::name,
              AccessSubject::via,
              AccessSubject::canReadSecrets)
          .containsExactly(
              tuple(
                  "Group",
                  "system:masters",
                  "unconditional: members of system:masters bypass RBAC",
                  true),
              tuple("Group", "ops", "ClusterRoleBinding/ops -> ClusterRole/cluster-admin", true),
              tuple("User", "alice", "RoleBinding/" + NS + "/auditors -> ClusterRole/view", false));
      assertThat(observed.drift())
          .extracting(DriftFinding::object, DriftFinding::field)
          .containsExactly(tuple("Pod/" + NS + "/acme-1", "spec.nodeName"));
    }
  }

  @Test
  void aTenantWhoseHostNamespaceDoesNotExistIsObservedEmpty() {
    try (LiveHost host = LiveHost.start()) {
      populate(host);

      Observations observed =
          LiveObservationsCollector.collect(host.client, platform(), "eu-1", CLOCK);

      ObservedTenant ghost = observed.tenants().get(1);
      assertThat(ghost.name()).isEqualTo("ghost");
      assertThat(ghost.hostNamespace()).isEqualTo("tc-tenants-eu-ghost");
      assertThat(ghost.phase()).isNull();
      assertThat(ghost.pods()).isEmpty();
      assertThat(ghost.volumes()).isEmpty();
      assertThat(ghost.readers()).isEmpty();
    }
  }

  @Test
  void whatMayNotBeReadIsAGap_andTheRestIsStillCollected() {
    try (LiveHost host =
        LiveHost.start("/api/v1/persistentvolumes", "/clusterrolebindings", "/api/v1/nodes")) {
      populate(host);

      Observations observed =
          LiveObservationsCollector.collect(host.client, platform(), "eu-1", CLOCK);

      assertThat(observed.gaps())
          .containsExactly(
              "cannot read nodes (cluster-scoped) on eu-1: 403 Forbidden; pods are shown without"
                  + " their nodes' labels and placement drift is not checked",
              "cannot read persistentvolumes (cluster-scoped) on eu-1: 403 Forbidden; volume"
                  + " topology is not shown nor checked",
              "cannot read clusterrolebindings on eu-1: 403 Forbidden; readers through"
                  + " ClusterRoleBindings are missing");
      ObservedTenant acme = observed.tenants().get(0);
      assertThat(acme.pods())
          .extracting(ObservedPod::nodeName)
          .containsExactly("eu-node-1", "uk-node-1", null);
      assertThat(acme.pods()).allMatch(p -> p.nodeLabels().isEmpty());
      assertThat(acme.volumes()).extracting(ObservedVolume::topology).containsExactly(Map.of());
      assertThat(acme.readers())
          .extracting(AccessSubject::name)
          .containsExactly("system:masters", "alice");
      assertThat(observed.drift()).isEmpty();
    }
  }

  private static Platform platform() {
    return new Platform(
        List.of(Declared.live(eu())),
        List.of(),
        List.of(Declared.live(tenant("acme")), Declared.live(tenant("ghost"))),
        List.of());
  }

  private static void populate(LiveHost host) {
    host.create(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build());
    host.create(
        new NamespaceBuilder().withNewMetadata().withName("tenants-eu").endMetadata().build());
    TenantCluster live = host.create(tenant("acme"));
    TenantClusterStatus status = new TenantClusterStatus();
    status.setPhase("Ready");
    live.setStatus(status);
    host.client.resource(live).updateStatus();
    host.create(node("eu-node-1", "eu"));
    host.create(node("uk-node-1", "uk"));
    host.create(pod("acme-0", "eu-node-1", "Running"));
    host.create(pod("acme-1", "uk-node-1", "Running"));
    host.create(pod("acme-2", null, "Pending"));
    host.create(
        new PersistentVolumeBuilder()
            .withNewMetadata()
            .withName("pv-1")
            .endMetadata()
            .withNewSpec()
            .withStorageClassName("eu-encrypted")
            .withNewNodeAffinity()
            .withNewRequired()
            .addNewNodeSelectorTerm()
            .addNewMatchExpression()
            .withKey("topology.kubernetes.io/region")
            .withOperator("In")
            .withValues("eu-central-1")
            .endMatchExpression()
            .endNodeSelectorTerm()
            .endRequired()
            .endNodeAffinity()
            .endSpec()
            .build());
    host.create(
        new PersistentVolumeClaimBuilder()
            .withNewMetadata()
            .withName("etcd-data-acme-0")
            .withNamespace(NS)
            .endMetadata()
            .withNewSpec()
            .withStorageClassName("eu-encrypted")
            .withVolumeName("pv-1")
            .endSpec()
            .build());
    host.create(
        new ConfigMapBuilder()
            .withNewMetadata()
            .withName("acme-audit-webhook")
            .withNamespace(NS)
            .endMetadata()
            .addToData("kubeconfig", Serialization.asYaml(AuditWebhookBuilder.kubeconfig(EU_SIEM)))
            .build());
    host.create(
        new ClusterRoleBuilder()
            .withNewMetadata()
            .withName("cluster-admin")
            .endMetadata()
            .addNewRule()
            .withApiGroups("*")
            .withResources("*")
            .withVerbs("*")
            .endRule()
            .build());
    host.create(
        new ClusterRoleBuilder()
            .withNewMetadata()
            .withName("view")
            .endMetadata()
            .addNewRule()
            .withApiGroups("")
            .withResources("pods", "configmaps")
            .withVerbs("get", "list", "watch")
            .endRule()
            .build());
    host.create(
        new ClusterRoleBindingBuilder()
            .withNewMetadata()
            .withName("ops")
            .endMetadata()
            .withNewRoleRef()
            .withApiGroup("rbac.authorization.k8s.io")
            .withKind("ClusterRole")
            .withName("cluster-admin")
            .endRoleRef()
            .addNewSubject()
            .withKind("Group")
            .withName("ops")
            .withApiGroup("rbac.authorization.k8s.io")
            .endSubject()
            .build());
    host.create(
        new RoleBindingBuilder()
            .withNewMetadata()
            .withName("auditors")
            .withNamespace(NS)
            .endMetadata()
            .withNewRoleRef()
            .withApiGroup("rbac.authorization.k8s.io")
            .withKind("ClusterRole")
            .withName("view")
            .endRoleRef()
            .addNewSubject()
            .withKind("User")
            .withName("alice")
            .withApiGroup("rbac.authorization.k8s.io")
            .endSubject()
            .build());
  }

  private static io.fabric8.kubernetes.api.model.Node node(String name, String jurisdiction) {
    return new NodeBuilder()
        .withNewMetadata()
        .withName(name)
        .addToLabels("enclave.dev/jurisdiction", jurisdiction)
        .endMetadata()
        .build();
  }

  private static io.fabric8.kubernetes.api.model.Pod pod(String name, String node, String phase) {
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(NS)
        .endMetadata()
        .withNewSpec()
        .withNodeName(node)
        .endSpec()
        .withNewStatus()
        .withPhase(phase)
        .endStatus()
        .build();
  }

  private static Jurisdiction eu() {
    JurisdictionSpec spec = new JurisdictionSpec();
    Placement placement = new Placement();
    placement.setNodeSelector(Map.of("enclave.dev/jurisdiction", "eu"));
    spec.setPlacement(placement);
    spec.setStorageClasses(List.of("eu-encrypted"));
    AuditSink sink = new AuditSink();
    sink.setName("eu-siem");
    sink.setUrl(EU_SIEM);
    spec.setAuditSinks(List.of(sink));
    Jurisdiction eu = new Jurisdiction();
    eu.setMetadata(new ObjectMetaBuilder().withName("eu").build());
    eu.setSpec(spec);
    return eu;
  }

  private static TenantCluster tenant(String name) {
    TenantClusterSpec spec = new TenantClusterSpec();
    spec.setJurisdiction("eu");
    AuditSpec audit = new AuditSpec();
    audit.setSink("eu-siem");
    spec.setAudit(audit);
    TenantCluster tenant = new TenantCluster();
    tenant.setMetadata(new ObjectMetaBuilder().withNamespace("tenants-eu").withName(name).build());
    tenant.setSpec(spec);
    return tenant;
  }

  @Test
  void aTenantMovedOntoTheHostIsObservedFromItsRecord_andAnUnreadableRecordIsAGap() {
    try (LiveHost host = LiveHost.start()) {
      TenantCluster moved = tenant("claims");
      moved.getMetadata().setAnnotations(Map.of(TenantMigration.MIGRATED_FROM,
          "{\"host\":\"host-eu\",\"server\":\"https://127.0.0.1:6443\",\"uid\":\"u-1\","
              + "\"backupId\":\"20250601T100000Z-ab\",\"completedAt\":\"2025-06-01T10:02:00Z\","
              + "\"sourceObjectsLeft\":0}"));
      host.create(moved);
      TenantCluster garbled = tenant("ledger");
      garbled.getMetadata().setAnnotations(Map.of(TenantMigration.MIGRATED_FROM, "from somewhere"));
      host.create(garbled);

      Observations observed = LiveObservationsCollector.collect(host.client, platform(), "eu-2", CLOCK);

      assertThat(observed.migrations())
          .containsExactly(new MigratedTenant("tenants-eu", "claims", "host-eu", "https://127.0.0.1:6443", "u-1",
              "20250601T100000Z-ab", Instant.parse("2025-06-01T10:02:00Z"), 0));
      assertThat(observed.gaps())
          .anySatisfy(gap -> assertThat(gap)
              .startsWith("TenantCluster tenants-eu/ledger: annotation enclave.dev/migrated-from is not the record"
                  + " enclavectl migrate writes (not JSON: ")
              .endsWith("); its move is not shown"));
    }
  }

  @Test
  void aDestroyedBackupKeyIsObservedFromItsTombstoneAndAKeptOneIsNot() {
    try (LiveHost host = LiveHost.start()) {
      populate(host);
      for (String uid : List.of("u-gone", "u-kept")) {
        java.util.Map<String, String> notes = new java.util.HashMap<>(Map.of(
            "enclave.dev/tenant", "tenants-eu/old-" + uid, "enclave.dev/jurisdiction", "eu",
            "enclave.dev/key-id", "local:00112233445566ff"));
        if (uid.equals("u-gone")) {
          notes.put("enclave.dev/key-shredded-at", "2025-05-30T10:00:00Z");
        }
        host.client.secrets().inNamespace("enclave-system").resource(new io.fabric8.kubernetes.api.model.SecretBuilder()
            .withNewMetadata().withName("backup-key-" + uid)
            .withLabels(Map.of("enclave.dev/backup-key", "true", "enclave.dev/tenant-uid", uid))
            .withAnnotations(notes).endMetadata().build()).create();
      }

      Observations observed =
          LiveObservationsCollector.collect(host.client, platform(), "eu-1", CLOCK, "enclave-system");

      assertThat(observed.shreddedBackupKeys())
          .containsExactly(new dev.enclave.core.observed.ShreddedBackupKey("tenants-eu", "old-u-gone", "u-gone", "eu",
              "local:00112233445566ff", Instant.parse("2025-05-30T10:00:00Z")));
      assertThat(LiveObservationsCollector.collect(host.client, platform(), "eu-1", CLOCK).shreddedBackupKeys())
          .as("not read without --operator-namespace").isEmpty();
    }
  }
}
