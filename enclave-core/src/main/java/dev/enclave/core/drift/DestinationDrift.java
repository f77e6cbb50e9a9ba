package dev.enclave.core.drift;

import dev.enclave.api.v1alpha1.AuditSink;
import dev.enclave.api.v1alpha1.BackupTarget;
import dev.enclave.api.v1alpha1.S3Location;
import dev.enclave.core.controlplane.ControlPlaneVolume;
import dev.enclave.core.controlplane.HostNames;
import dev.enclave.core.observed.DriftFinding;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Audit events or backups going somewhere that is not one of the jurisdiction's destinations. */
final class DestinationDrift {
  private DestinationDrift() {}

  /** The audit webhook ConfigMap's server must be the URL of one of the jurisdiction's sinks. */
  static Optional<DriftFinding> audit(DriftScope scope, String url) {
    List<AuditSink> sinks =
        scope.spec().getAuditSinks() == null ? List.of() : scope.spec().getAuditSinks();
    if (url == null || sinks.stream().anyMatch(s -> Objects.equals(s.getUrl(), url))) {
      return Optional.empty();
    }
    List<String> allowed = sinks.stream().map(s -> s.getName() + " " + s.getUrl()).toList();
    return Optional.of(
        scope.finding(
            scope.object("ConfigMap", HostNames.auditWebhookConfigMap(scope.tenant())),
            "data." + ControlPlaneVolume.KUBECONFIG,
            "audit webhook sends to \""
                + url
                + "\"; jurisdiction \""
                + scope.jurisdictionName()
                + "\" allows the audit sinks: "
                + DriftScope.list(allowed)));
  }

  /** A backup destination must match one of the targets' endpoint and bucket. */
  static Optional<DriftFinding> backup(DriftScope scope, S3Location destination) {
    List<BackupTarget> targets =
        scope.spec().getBackupTargets() == null ? List.of() : scope.spec().getBackupTargets();
    if (destination == null || targets.stream().anyMatch(t -> sameBucket(t.getS3(), destination))) {
      return Optional.empty();
    }
    List<String> allowed =
        targets.stream()
            .filter(t -> t.getS3() != null)
            .map(t -> t.getName() + " " + where(t.getS3()))
            .toList();
    return Optional.of(
        scope.finding(
            "TenantCluster/"
                + scope.tenant().getMetadata().getNamespace()
                + "/"
                + scope.tenant().getMetadata().getName(),
            "spec.backup.target",
            "backups are written to "
                + where(destination)
                + "; jurisdiction \""
                + scope.jurisdictionName()
                + "\" allows the backup targets: "
                + DriftScope.list(allowed)));
  }

  private static boolean sameBucket(S3Location allowed, S3Location actual) {
    return allowed != null
        && Objects.equals(allowed.getEndpoint(), actual.getEndpoint())
        && Objects.equals(allowed.getBucket(), actual.getBucket());
  }

  private static String where(S3Location s3) {
    return s3.getEndpoint() + "/" + s3.getBucket();
  }
}
