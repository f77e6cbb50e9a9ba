package dev.enclave.cli.report;

import dev.enclave.api.v1alpha1.BackupStatus;
import dev.enclave.api.v1alpha1.Jurisdiction;
import dev.enclave.api.v1alpha1.TenantCluster;
import dev.enclave.api.v1alpha1.TenantClusterStatus;
import dev.enclave.cli.migrate.MigrationRecord;
import dev.enclave.core.access.RbacAnalyzer;
import dev.enclave.core.controlplane.HostNames;
import dev.enclave.core.drift.DriftDetector;
import dev.enclave.core.drift.HostFacts;
import dev.enclave.core.drift.HostFactsReader;
import dev.enclave.core.model.Declared;
import dev.enclave.core.model.Platform;
import dev.enclave.core.observed.AccessSubject;
import dev.enclave.core.observed.DriftFinding;
import dev.enclave.core.observed.MigratedTenant;
import dev.enclave.core.observed.Observations;
import dev.enclave.core.observed.ObservedPod;
import dev.enclave.core.observed.ObservedTenant;
import dev.enclave.core.observed.ObservedVolume;
import dev.enclave.core.observed.ShreddedBackupKey;
import dev.enclave.operator.backup.BackupKeys;
import dev.enclave.operator.tenant.TenantMigration;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads, for every declared TenantCluster, what its host cluster actually runs: the pods of its
 * host namespace and their nodes' labels, its claims and their volumes' topology, its status, who
 * can read the namespace, and the drift between all that and its jurisdiction. Reads only; what it
 * may not read is recorded in {@link Observations#gaps()} and the rest is still collected.
 */
public final class LiveObservationsCollector {
  private final KubernetesClient host;
  private final Platform platform;
  private final HostReads reads;
  private final ClusterWideObjects cluster;
  /** status.backup.lastSuccessTime of the tenant being observed (set by {@link #livePhase}). */
  private Instant lastBackup;

  private LiveObservationsCollector(KubernetesClient host, Platform platform, String source) {
    this.host = host;
    this.platform = platform;
    this.reads = new HostReads(source);
    this.cluster = new ClusterWideObjects(host, reads);
  }

  /** Observes every declared tenant; {@code contextName} names the source in the report. */
  public static Observations collect(
      KubernetesClient host, Platform platform, String contextName, Clock clock) {
    return collect(host, platform, contextName, clock, null);
  }

  /**
   * As above, and with {@code operatorNamespace} (null: not read) the backup keys destroyed there
   * by crypto-shredding, from their tombstone Secrets (annotations only; they hold no key).
   */
  public static Observations collect(
      KubernetesClient host, Platform platform, String contextName, Clock clock, String operatorNamespace) {
    String source = contextName == null ? "in-cluster" : contextName;
    LiveObservationsCollector collector = new LiveObservationsCollector(host, platform, source);
    List<ObservedTenant> tenants = new ArrayList<>();
    List<DriftFinding> drift = new ArrayList<>();
    for (Declared<TenantCluster> declared : sorted(platform.tenantClusters())) {
      collector.observe(declared.object(), tenants, drift);
    }
    List<ShreddedBackupKey> shredded =
        operatorNamespace == null ? List.of() : collector.shreddedKeys(operatorNamespace);
    List<MigratedTenant> migrations = collector.migrations();
    return new Observations(clock.instant(), source, tenants, drift, collector.reads.gaps(), shredded, migrations);
  }

  /** The records {@code enclavectl migrate} wrote on the TenantClusters it moved onto this host. */
  private List<MigratedTenant> migrations() {
    List<TenantCluster> all =
        reads.list(
            "TenantClusters",
            "tenant clusters moved onto this host are not shown",
            () -> host.resources(TenantCluster.class).inAnyNamespace().list().getItems());
    List<MigratedTenant> moved = new ArrayList<>();
    for (TenantCluster t : all) {
      Map<String, String> notes = t.getMetadata().getAnnotations() == null ? Map.of() : t.getMetadata().getAnnotations();
      String record = notes.get(TenantMigration.MIGRATED_FROM);
      if (record == null) {
        continue;
      }
      try {
        moved.add(MigrationRecord.parse(record).observed(t.getMetadata().getNamespace(), t.getMetadata().getName()));
      } catch (IllegalArgumentException e) {
        reads.gap("TenantCluster " + t.getMetadata().getNamespace() + "/" + t.getMetadata().getName() + ": annotation "
            + TenantMigration.MIGRATED_FROM + " is not the record enclavectl migrate writes (" + e.getMessage()
            + "); its move is not shown");
      }
    }
    moved.sort(Comparator.comparing(MigratedTenant::completedAt));
    return moved;
  }

  private List<ShreddedBackupKey> shreddedKeys(String namespace) {
    List<Secret> secrets =
        reads.list(
            "backup key Secrets in " + namespace,
            "destroyed backup keys are not shown",
            () -> host.secrets().inNamespace(namespace).withLabel(BackupKeys.LABEL, "true").list().getItems());
    List<ShreddedBackupKey> shredded = new ArrayList<>();
    for (Secret s : secrets) {
      Map<String, String> notes = s.getMetadata().getAnnotations() == null ? Map.of() : s.getMetadata().getAnnotations();
      if (notes.containsKey(BackupKeys.SHREDDED_AT)) {
        String[] tenant = notes.getOrDefault(BackupKeys.TENANT, "/").split("/", 2);
        shredded.add(new ShreddedBackupKey(tenant[0], tenant.length > 1 ? tenant[1] : "",
            s.getMetadata().getLabels().get(BackupKeys.TENANT_UID), notes.get(BackupKeys.JURISDICTION),
            notes.get(BackupKeys.KEY_ID), Instant.parse(notes.get(BackupKeys.SHREDDED_AT))));
      }
    }
    shredded.sort(Comparator.comparing(ShreddedBackupKey::shreddedAt));
    return shredded;
  }

  private void observe(
      TenantCluster tenant, List<ObservedTenant> tenants, List<DriftFinding> drift) {
    String namespace = HostNames.hostNamespace(tenant);
    String phase = livePhase(tenant);
    boolean exists =
        reads.mayExist(
            "namespace " + namespace,
            "its contents are read anyway",
            () -> host.namespaces().withName(namespace).get());
    if (!exists) {
      tenants.add(
          new ObservedTenant(
              tenant.getMetadata().getNamespace(),
              tenant.getMetadata().getName(),
              namespace,
              phase,
              List.of(),
              List.of(),
              List.of(),
              lastBackup));
      return;
    }
    List<ObservedPod> pods = pods(namespace);
    List<ObservedVolume> volumes = volumes(namespace);
    String auditUrl = auditServer(tenant, namespace);
    tenants.add(
        new ObservedTenant(
            tenant.getMetadata().getNamespace(),
            tenant.getMetadata().getName(),
            namespace,
            phase,
            pods,
            volumes,
            readers(namespace),
            lastBackup));
    Optional<Jurisdiction> jurisdiction = platform.jurisdiction(tenant.getSpec().getJurisdiction());
    if (jurisdiction.isPresent()) {
      List<ObservedPod> placed = cluster.nodesReadable() ? pods : List.of();
      HostFacts facts = new HostFacts(placed, volumes, auditUrl, null);
      drift.addAll(DriftDetector.detect(tenant, jurisdiction.get(), facts));
    }
  }

  private String livePhase(TenantCluster tenant) {
    String ns = tenant.getMetadata().getNamespace();
    String name = tenant.getMetadata().getName();
    Optional<TenantClusterStatus> status =
        reads
            .read(
                "TenantCluster " + ns + "/" + name,
                "its phase is not shown",
                () -> host.resources(TenantCluster.class).inNamespace(ns).withName(name).get())
            .map(TenantCluster::getStatus);
    lastBackup =
        status.map(TenantClusterStatus::getBackup).map(BackupStatus::getLastSuccessTime).map(Instant::parse).orElse(null);
    return status.map(s -> s.getPhase()).orElse(null);
  }

  private List<ObservedPod> pods(String namespace) {
    List<Pod> pods =
        reads.list(
            "pods in " + namespace,
            "its pods are not shown",
            () -> host.pods().inNamespace(namespace).list().getItems());
    return pods.stream()
        .sorted(Comparator.comparing(p -> p.getMetadata().getName()))
        .map(p -> HostFactsReader.pod(p, cluster.node(p.getSpec().getNodeName())))
        .toList();
  }

  private List<ObservedVolume> volumes(String namespace) {
    List<PersistentVolumeClaim> claims =
        reads.list(
            "persistentvolumeclaims in " + namespace,
            "its volumes are not shown",
            () -> host.persistentVolumeClaims().inNamespace(namespace).list().getItems());
    return claims.stream()
        .sorted(Comparator.comparing(c -> c.getMetadata().getName()))
        .map(c -> HostFactsReader.volume(c, cluster.volume(c.getSpec().getVolumeName())))
        .toList();
  }

  private String auditServer(TenantCluster tenant, String namespace) {
    String name = HostNames.auditWebhookConfigMap(tenant);
    Optional<ConfigMap> configMap =
        reads.read(
            "configmap " + namespace + "/" + name,
            "the audit destination is not checked",
            () -> host.configMaps().inNamespace(namespace).withName(name).get());
    return configMap.flatMap(HostFactsReader::auditServer).orElse(null);
  }

  private List<AccessSubject> readers(String namespace) {
    return RbacAnalyzer.readers(
        namespace,
        reads.list(
            "roles in " + namespace,
            "readers through its Roles are missing",
            () -> host.rbac().roles().inNamespace(namespace).list().getItems()),
        reads.list(
            "rolebindings in " + namespace,
            "readers through its RoleBindings are missing",
            () -> host.rbac().roleBindings().inNamespace(namespace).list().getItems()),
        cluster.clusterRoles(),
        cluster.clusterRoleBindings());
  }

  private static List<Declared<TenantCluster>> sorted(List<Declared<TenantCluster>> tenants) {
    return tenants.stream()
        .sorted(
            Comparator.comparing((Declared<TenantCluster> d) -> d.namespace())
                .thenComparing(Declared::name))
        .toList();
  }
}
