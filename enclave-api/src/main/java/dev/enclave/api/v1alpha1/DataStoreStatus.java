package dev.enclave.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.PrinterColumn;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Observed state of a DataStore. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class DataStoreStatus {
  @JsonPropertyDescription("Generation last evaluated.")
  private Long observedGeneration;

  @JsonPropertyDescription("Valid and Ready conditions.")
  private List<Condition> conditions = new ArrayList<>();

  @JsonPropertyDescription("Tenant clusters (namespace/name) that keep their state here.")
  @PrinterColumn(name = "Used By")
  private List<String> usedBy = new ArrayList<>();

  @JsonPropertyDescription("What is wrong with this data store, if anything.")
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

  public List<String> getUsedBy() {
    return usedBy;
  }

  public void setUsedBy(List<String> usedBy) {
    this.usedBy = usedBy;
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
    if (!(o instanceof DataStoreStatus)) return false;
    DataStoreStatus that = (DataStoreStatus) o;
    return Objects.equals(observedGeneration, that.observedGeneration) && Objects.equals(conditions, that.conditions) && Objects.equals(usedBy, that.usedBy) && Objects.equals(violations, that.violations);
  }

  @Override
  public int hashCode() {
    return Objects.hash(observedGeneration, conditions, usedBy, violations);
  }

}
