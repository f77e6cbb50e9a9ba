package dev.enclave.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.PrinterColumn;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Observed state of an AccessGrant. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class AccessGrantStatus {
  @JsonPropertyDescription("Pending, Active, Expired or Denied.")
  @PrinterColumn(name = "Phase")
  private String phase;

  @JsonPropertyDescription("When access started (RFC 3339).")
  private String grantedAt;

  @JsonPropertyDescription("When access ends (RFC 3339).")
  @PrinterColumn(name = "Expires")
  private String expiresAt;

  @JsonPropertyDescription(
      "The user the grant's client certificate names (its CN), e.g."
          + " enclave-grant:tenants-eu:incident-4711; bound in the tenant cluster as"
          + " ClusterRoleBinding enclave:grant:<name>.")
  private String user;

  @JsonPropertyDescription(
      "Secret next to the grant holding its kubeconfig (key kubeconfig), while the grant is"
          + " Active.")
  private LocalObjectReference kubeconfigSecretRef;

  @JsonPropertyDescription("The generation of the spec this status was computed from.")
  private Long observedGeneration;

  @JsonPropertyDescription("Compliant and Active conditions.")
  private List<Condition> conditions = new ArrayList<>();

  @JsonPropertyDescription("Why the grant was refused, if it was.")
  private List<FieldViolation> violations = new ArrayList<>();

  public String getPhase() {
    return phase;
  }

  public void setPhase(String phase) {
    this.phase = phase;
  }

  public String getGrantedAt() {
    return grantedAt;
  }

  public void setGrantedAt(String grantedAt) {
    this.grantedAt = grantedAt;
  }

  public String getExpiresAt() {
    return expiresAt;
  }

  public void setExpiresAt(String expiresAt) {
    this.expiresAt = expiresAt;
  }

  public String getUser() {
    return user;
  }

  public void setUser(String user) {
    this.user = user;
  }

  public LocalObjectReference getKubeconfigSecretRef() {
    return kubeconfigSecretRef;
  }

  public void setKubeconfigSecretRef(LocalObjectReference kubeconfigSecretRef) {
    this.kubeconfigSecretRef = kubeconfigSecretRef;
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

  public List<FieldViolation> getViolations() {
    return violations;
  }

  public void setViolations(List<FieldViolation> violations) {
    this.violations = violations;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) return true;
    if (!(o instanceof AccessGrantStatus)) return false;
    AccessGrantStatus that = (AccessGrantStatus) o;
    return Objects.equals(phase, that.phase) && Objects.equals(grantedAt, that.grantedAt) && Objects.equals(expiresAt, that.expiresAt) && Objects.equals(user, that.user) && Objects.equals(kubeconfigSecretRef, that.kubeconfigSecretRef) && Objects.equals(observedGeneration, that.observedGeneration) && Objects.equals(conditions, that.conditions) && Objects.equals(violations, that.violations);
  }

  @Override
  public int hashCode() {
    return Objects.hash(phase, grantedAt, expiresAt, user, kubeconfigSecretRef, observedGeneration, conditions, violations);
  }

}
