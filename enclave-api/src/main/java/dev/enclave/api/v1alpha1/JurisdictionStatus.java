package dev.enclave.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Observed state of a Jurisdiction. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class JurisdictionStatus {
  @JsonPropertyDescription("Generation last evaluated.")
  private Long observedGeneration;

  @JsonPropertyDescription("Valid and Ready conditions.")
  private List<Condition> conditions = new ArrayList<>();

  @JsonPropertyDescription("Tenant clusters (namespace/name) placed in this jurisdiction.")
  private List<String> tenantClusters = new ArrayList<>();

  @JsonPropertyDescription("What is wrong with this jurisdiction, if anything.")
  private List<FieldViolation> violations = new ArrayList<>();

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

  public List<String> getTenantClusters() {
    return tenantClusters;
  }

  public void setTenantClusters(List<String> tenantClusters) {
    this.tenantClusters = tenantClusters;
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
    if (!(o instanceof JurisdictionStatus)) return false;
    JurisdictionStatus that = (JurisdictionStatus) o;
    return Objects.equals(observedGeneration, that.observedGeneration) && Objects.equals(conditions, that.conditions) && Objects.equals(tenantClusters, that.tenantClusters) && Objects.equals(violations, that.violations);
  }

  @Override
  public int hashCode() {
    return Objects.hash(observedGeneration, conditions, tenantClusters, violations);
  }

}
