package dev.enclave.core.evidence;

import dev.enclave.api.v1alpha1.AuditSink;
import dev.enclave.api.v1alpha1.BackupSpec;
import dev.enclave.api.v1alpha1.BackupTarget;
import dev.enclave.api.v1alpha1.DataStore;
import dev.enclave.api.v1alpha1.DataStoreBinding;
import dev.enclave.api.v1alpha1.Jurisdiction;
import dev.enclave.api.v1alpha1.TenantCluster;
import dev.enclave.api.v1alpha1.TenantClusterSpec;
import dev.enclave.core.evidence.TenantEvidence.AuditEvidence;
import dev.enclave.core.evidence.TenantEvidence.BackupEvidence;
import dev.enclave.core.evidence.TenantEvidence.StoreEvidence;
import dev.enclave.core.observed.ObservedAuditLog;
import dev.enclave.core.observed.ObservedTenant;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The declared facts of one tenant cluster: its store, backup and audit destinations, resolved. */
final class TenantFacts {
  private final Destinations destinations;

  TenantFacts(Destinations destinations) {
    this.destinations = destinations;
  }

  StoreEvidence store(String own, TenantClusterSpec spec) {
    DataStoreBinding binding = spec.getDataStore();
    if (binding != null && binding.getRef() != null) {
      Optional<DataStore> store = destinations.dataStore(binding.getRef());
      return new StoreEvidence(
          "shared",
          binding.getRef(),
          store.map(s -> s.getSpec().getDriver()).orElse(null),
          store.map(s -> s.getSpec().getStorageClass()).orElse(null),
          store.map(s -> orEmpty(s.getSpec().getEndpoints())).orElse(List.of()),
          store.map(s -> s.getSpec().getJurisdiction()).orElse(null));
    }
    if (binding != null && binding.getEmbedded() != null) {
      String storageClass = binding.getEmbedded().getStorageClass();
      String where =
          destinations.storageClass(own, storageClass).map(f -> f.jurisdiction()).orElse(null);
      return new StoreEvidence("embedded", "etcd", "etcd", storageClass, List.of(), where);
    }
    return new StoreEvidence("none", null, null, null, List.of(), null);
  }

  BackupEvidence backup(String own, TenantClusterSpec spec, Optional<ObservedTenant> observed) {
    BackupSpec backup = spec.getBackup();
    Instant lastSuccess = observed.map(ObservedTenant::lastSuccessfulBackup).orElse(null);
    if (backup == null) {
      return new BackupEvidence(null, null, null, null, null, null, null, null, lastSuccess);
    }
    Optional<Destinations.Found<BackupTarget>> target =
        destinations.backupTarget(own, backup.getTarget());
    BackupTarget t = target.map(Destinations.Found::value).orElse(null);
    boolean s3 = t != null && t.getS3() != null;
    return new BackupEvidence(
        backup.getTarget(),
        s3 ? t.getS3().getEndpoint() : null,
        s3 ? t.getS3().getBucket() : null,
        s3 ? t.getS3().getRegion() : null,
        target.map(Destinations.Found::jurisdiction).orElse(null),
        backup.getSchedule(),
        backup.getRetention(),
        BackupIntervals.retentionDays(backup.getSchedule(), backup.getRetention()),
        lastSuccess);
  }

  AuditEvidence audit(String own, TenantClusterSpec spec, ObservedAuditLog received) {
    String sink = spec.getAudit() == null ? null : spec.getAudit().getSink();
    if (sink == null) {
      return new AuditEvidence(null, null, null, received);
    }
    Optional<Destinations.Found<AuditSink>> found = destinations.auditSink(own, sink);
    return new AuditEvidence(
        sink,
        found.map(f -> f.value().getUrl()).orElse(null),
        found.map(Destinations.Found::jurisdiction).orElse(null),
        received);
  }

  static String kmsEndpoint(Optional<Jurisdiction> jurisdiction) {
    return jurisdiction
        .map(Jurisdiction::getSpec)
        .map(s -> s.getKeyManagement() == null ? null : s.getKeyManagement().getKmsEndpoint())
        .orElse(null);
  }

  static int replicas(TenantCluster tenant) {
    TenantClusterSpec spec = tenant.getSpec();
    Integer replicas = spec.getControlPlane() == null ? null : spec.getControlPlane().getReplicas();
    return replicas == null ? 1 : replicas;
  }

  static <T> List<T> orEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }
}
