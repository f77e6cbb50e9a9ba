package dev.enclave.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.*;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** What a jurisdiction allows: placement, storage, audit, keys, backups, registries, versions, admins. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class JurisdictionSpec {
  @JsonPropertyDescription("Human-readable name shown in reports, e.g. European Union.")
  private String displayName;

  @JsonPropertyDescription("Regulatory frameworks that drive the evidence report's control mapping (EU-DATA-ACT, GDPR, NIS2, DORA, EU-AI-ACT, UK-DUAA).")
  private List<String> frameworks = new ArrayList<>();

  @JsonPropertyDescription("Where every pod of every tenant cluster in this jurisdiction must run.")
  @Required
  private Placement placement;

  @JsonPropertyDescription("The only storage classes tenant state and PersistentVolumeClaims may use; the first is the default.")
  private List<String> storageClasses = new ArrayList<>();

  @JsonPropertyDescription("The only audit log destinations allowed (https only).")
  private List<AuditSink> auditSinks = new ArrayList<>();

  @JsonPropertyDescription("The KMS v2 plugin that encrypts tenant Secrets at rest.")
  private KeyManagement keyManagement;

  @JsonPropertyDescription("The only backup destinations allowed.")
  private List<BackupTarget> backupTargets = new ArrayList<>();

  @JsonPropertyDescription("Image registries allowed for control planes and workloads; the first one serves control-plane images.")
  private List<String> registries = new ArrayList<>();

  @JsonPropertyDescription("Kubernetes versions tenant clusters may run.")
  private KubernetesVersions kubernetesVersions;

  @JsonPropertyDescription("The only groups an AccessGrant may name.")
  private List<String> adminGroups = new ArrayList<>();

  @JsonPropertyDescription(
      "Service types tenant workloads may use on the host; ClusterIP when unset. NodePort and"
          + " LoadBalancer expose tenant workloads outside the host cluster.")
  private List<String> serviceTypes = new ArrayList<>();

  public String getDisplayName() {
    return displayName;
  }

  public void setDisplayName(String displayName) {
    this.displayName = displayName;
  }

  public List<String> getFrameworks() {
    return frameworks;
  }

  public void setFrameworks(List<String> frameworks) {
    this.frameworks = frameworks;
  }

  public Placement getPlacement() {
    return placement;
  }

  public void setPlacement(Placement placement) {
    this.placement = placement;
  }

  public List<String> getStorageClasses() {
    return storageClasses;
  }

  public void setStorageClasses(List<String> storageClasses) {
    this.storageClasses = storageClasses;
  }

  public List<AuditSink> getAuditSinks() {
    return auditSinks;
  }

  public void setAuditSinks(List<AuditSink> auditSinks) {
    this.auditSinks = auditSinks;
  }

  public KeyManagement getKeyManagement() {
    return keyManagement;
  }

  public void setKeyManagement(KeyManagement keyManagement) {
    this.keyManagement = keyManagement;
  }

  public List<BackupTarget> getBackupTargets() {
    return backupTargets;
  }

  public void setBackupTargets(List<BackupTarget> backupTargets) {
    this.backupTargets = backupTargets;
  }

  public List<String> getRegistries() {
    return registries;
  }

  public void setRegistries(List<String> registries) {
    this.registries = registries;
  }

  public KubernetesVersions getKubernetesVersions() {
    return kubernetesVersions;
  }

  public void setKubernetesVersions(KubernetesVersions kubernetesVersions) {
    this.kubernetesVersions = kubernetesVersions;
  }

  public List<String> getAdminGroups() {
    return adminGroups;
  }

  public void setAdminGroups(List<String> adminGroups) {
    this.adminGroups = adminGroups;
  }

  public List<String> getServiceTypes() {
    return serviceTypes;
  }

  public void setServiceTypes(List<String> serviceTypes) {
    this.serviceTypes = serviceTypes;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) return true;
    if (!(o instanceof JurisdictionSpec)) return false;
    JurisdictionSpec that = (JurisdictionSpec) o;
    return Objects.equals(displayName, that.displayName) && Objects.equals(frameworks, that.frameworks) && Objects.equals(placement, that.placement) && Objects.equals(storageClasses, that.storageClasses) && Objects.equals(auditSinks, that.auditSinks) && Objects.equals(keyManagement, that.keyManagement) && Objects.equals(backupTargets, that.backupTargets) && Objects.equals(registries, that.registries) && Objects.equals(kubernetesVersions, that.kubernetesVersions) && Objects.equals(adminGroups, that.adminGroups)
        && Objects.equals(serviceTypes, that.serviceTypes);
  }

  @Override
  public int hashCode() {
    return Objects.hash(displayName, frameworks, placement, storageClasses, auditSinks, keyManagement, backupTargets, registries, kubernetesVersions, adminGroups, serviceTypes);
  }

}
