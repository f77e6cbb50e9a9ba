package dev.enclave.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.PrinterColumn;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Observed state of a tenant cluster. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class TenantClusterStatus {
  @JsonPropertyDescription("Pending, Provisioning, Ready, Upgrading, Migrating, Failed or Deleting.")
  @PrinterColumn(name = "Phase")
  private String phase;

  @JsonPropertyDescription("Generation last reconciled.")
  private Long observedGeneration;

  @JsonPropertyDescription("Compliant, DataStoreReady, ControlPlaneReady, PolicyReady, BackupHealthy, Ready.")
  private List<Condition> conditions = new ArrayList<>();

  @JsonPropertyDescription("URL of the tenant API server inside the host cluster.")
  @PrinterColumn(name = "Endpoint", priority = 1)
  private String endpoint;

  @JsonPropertyDescription("Secret in the host namespace with the admin kubeconfig.")
  private LocalObjectReference kubeconfigSecretRef;

  @JsonPropertyDescription("Host namespace the control plane runs in.")
  private String hostNamespace;

  @JsonPropertyDescription("Kubernetes version running.")
  private String version;

  @JsonPropertyDescription("Backups: the last one taken, the last failure, whether the key is shredded.")
  private BackupStatus backup;

  @JsonPropertyDescription("A version upgrade in progress: from, to, step and the pre-upgrade backup.")
  private UpgradeStatus upgrade;

  @JsonPropertyDescription("The last cluster CA rotation: what asked for it, its step, the two CAs' fingerprints.")
  private CaRotationStatus caRotation;

  @JsonPropertyDescription("Compliance violations, when Compliant is False.")
  private List<FieldViolation> violations = new ArrayList<>();

  public String getPhase() {
    return phase;
  }

  public void setPhase(String phase) {
    this.phase = phase;
  }

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }

  public String getEndpoint() {
    return endpoint;
  }

  public void setEndpoint(String endpoint) {
    this.endpoint = endpoint;
  }

  public LocalObjectReference getKubeconfigSecretRef() {
    return kubeconfigSecretRef;
  }

  public void setKubeconfigSecretRef(LocalObjectReference kubeconfigSecretRef) {
    this.kubeconfigSecretRef = kubeconfigSecretRef;
  }

  public String getHostNamespace() {
    return hostNamespace;
  }

  public void setHostNamespace(String hostNamespace) {
    this.hostNamespace = hostNamespace;
  }

  public String getVersion() {
    return version;
  }

  public void setVersion(String version) {
    this.version = version;
  }

  public BackupStatus getBackup() {
    return backup;
  }

  public void setBackup(BackupStatus backup) {
    this.backup = backup;
  }

  public UpgradeStatus getUpgrade() {
    return upgrade;
  }

  public void setUpgrade(UpgradeStatus upgrade) {
    this.upgrade = upgrade;
  }

  public CaRotationStatus getCaRotation() {
    return caRotation;
  }

  public void setCaRotation(CaRotationStatus caRotation) {
    this.caRotation = caRotation;
  }

  public List<FieldViolation> getViolations() {
    return violations;
  }

  public void setViolations(List<FieldViolation> violations) {
    this.violations = violations;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) return true;
    if (!(o instanceof TenantClusterStatus)) return false;
    TenantClusterStatus that = (TenantClusterStatus) o;
    return Objects.equals(phase, that.phase) && Objects.equals(observedGeneration, that.observedGeneration) && Objects.equals(conditions, that.conditions) && Objects.equals(endpoint, that.endpoint) && Objects.equals(kubeconfigSecretRef, that.kubeconfigSecretRef) && Objects.equals(hostNamespace, that.hostNamespace) && Objects.equals(version, that.version) && Objects.equals(violations, that.violations) && Objects.equals(backup, that.backup) && Objects.equals(upgrade, that.upgrade) && Objects.equals(caRotation, that.caRotation);
  }

  @Override
  public int hashCode() {
    return Objects.hash(phase, observedGeneration, conditions, endpoint, kubeconfigSecretRef, hostNamespace, version, violations, backup, upgrade, caRotation);
  }

}
