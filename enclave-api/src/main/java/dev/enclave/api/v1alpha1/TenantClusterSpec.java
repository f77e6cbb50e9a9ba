package dev.enclave.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.*;
import io.fabric8.crd.generator.annotation.PrinterColumn;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** Declared state of one tenant cluster. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class TenantClusterSpec {
  @JsonPropertyDescription("Jurisdiction the tenant cluster lives in.")
  @Required
  @PrinterColumn(name = "Jurisdiction")
  private String jurisdiction;

  @JsonPropertyDescription("Exact Kubernetes version, e.g. 1.37.2.")
  @Required
  @PrinterColumn(name = "Version")
  private String kubernetesVersion;

  @JsonPropertyDescription("Control plane size and components.")
  private ControlPlaneSpec controlPlane;

  @JsonPropertyDescription("Where the tenant's state lives: exactly one of embedded or ref.")
  @Required
  private DataStoreBinding dataStore;

  @JsonPropertyDescription("Where the tenant's audit log goes.")
  private AuditSpec audit;

  @JsonPropertyDescription("Where and how often the tenant's state is backed up.")
  private BackupSpec backup;

  @JsonPropertyDescription("Runtime isolation of tenant workloads.")
  private IsolationSpec isolation;

  @JsonPropertyDescription("Policy engine and bundles enforced in the tenant cluster.")
  private PolicySpec policy;

  @JsonPropertyDescription("Host ResourceQuota for the tenant, e.g. pods: 200, requests.cpu: 64.")
  private Map<String, String> quota = new LinkedHashMap<>();

  public String getJurisdiction() {
    return jurisdiction;
  }

  public void setJurisdiction(String jurisdiction) {
    this.jurisdiction = jurisdiction;
  }

  public String getKubernetesVersion() {
    return kubernetesVersion;
  }

  public void setKubernetesVersion(String kubernetesVersion) {
    this.kubernetesVersion = kubernetesVersion;
  }

  public ControlPlaneSpec getControlPlane() {
    return controlPlane;
  }

  public void setControlPlane(ControlPlaneSpec controlPlane) {
    this.controlPlane = controlPlane;
  }

  public DataStoreBinding getDataStore() {
    return dataStore;
  }

  public void setDataStore(DataStoreBinding dataStore) {
    this.dataStore = dataStore;
  }

  public AuditSpec getAudit() {
    return audit;
  }

  public void setAudit(AuditSpec audit) {
    this.audit = audit;
  }

  public BackupSpec getBackup() {
    return backup;
  }

  public void setBackup(BackupSpec backup) {
    this.backup = backup;
  }

  public IsolationSpec getIsolation() {
    return isolation;
  }

  public void setIsolation(IsolationSpec isolation) {
    this.isolation = isolation;
  }

  public PolicySpec getPolicy() {
    return policy;
  }

  public void setPolicy(PolicySpec policy) {
    this.policy = policy;
  }

  public Map<String, String> getQuota() {
    return quota;
  }

  public void setQuota(Map<String, String> quota) {
    this.quota = quota;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) return true;
    if (!(o instanceof TenantClusterSpec)) return false;
    TenantClusterSpec that = (TenantClusterSpec) o;
    return Objects.equals(jurisdiction, that.jurisdiction) && Objects.equals(kubernetesVersion, that.kubernetesVersion) && Objects.equals(controlPlane, that.controlPlane) && Objects.equals(dataStore, that.dataStore) && Objects.equals(audit, that.audit) && Objects.equals(backup, that.backup) && Objects.equals(isolation, that.isolation) && Objects.equals(policy, that.policy) && Objects.equals(quota, that.quota);
  }

  @Override
  public int hashCode() {
    return Objects.hash(jurisdiction, kubernetesVersion, controlPlane, dataStore, audit, backup, isolation, policy, quota);
  }

}
