package dev.enclave.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/**
 * The last rotation of the tenant's cluster CA, asked for with the annotation {@code
 * enclave.dev/rotate-ca}: three steps, each rolled out to every control-plane replica before the
 * next (the new CA trusted beside the old; every certificate re-issued by the new CA with the old
 * still trusted; the old dropped). Kept once complete, so the same request is not run twice.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class CaRotationStatus {
  @JsonPropertyDescription("The value of the enclave.dev/rotate-ca annotation this rotation answers.")
  private String requested;

  @JsonPropertyDescription("TrustNew, SignWithNew or DropOld (kept once completedAt is set).")
  private String step;

  @JsonPropertyDescription("When the rotation started (RFC 3339).")
  private String startedAt;

  @JsonPropertyDescription("When the current step started (RFC 3339).")
  private String stepStartedAt;

  @JsonPropertyDescription("When the old CA stopped being trusted (RFC 3339); absent while under way.")
  private String completedAt;

  @JsonPropertyDescription("SHA-256 fingerprint of the CA being replaced.")
  private String previousCa;

  @JsonPropertyDescription("SHA-256 fingerprint of the CA replacing it.")
  private String newCa;

  public String getRequested() {
    return requested;
  }

  public void setRequested(String requested) {
    this.requested = requested;
  }

  public String getStep() {
    return step;
  }

  public void setStep(String step) {
    this.step = step;
  }

  public String getStartedAt() {
    return startedAt;
  }

  public void setStartedAt(String startedAt) {
    this.startedAt = startedAt;
  }

  public String getStepStartedAt() {
    return stepStartedAt;
  }

  public void setStepStartedAt(String stepStartedAt) {
    this.stepStartedAt = stepStartedAt;
  }

  public String getCompletedAt() {
    return completedAt;
  }

  public void setCompletedAt(String completedAt) {
    this.completedAt = completedAt;
  }

  public String getPreviousCa() {
    return previousCa;
  }

  public void setPreviousCa(String previousCa) {
    this.previousCa = previousCa;
  }

  public String getNewCa() {
    return newCa;
  }

  public void setNewCa(String newCa) {
    this.newCa = newCa;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) return true;
    if (!(o instanceof CaRotationStatus that)) return false;
    return Objects.equals(requested, that.requested)
        && Objects.equals(step, that.step)
        && Objects.equals(startedAt, that.startedAt)
        && Objects.equals(stepStartedAt, that.stepStartedAt)
        && Objects.equals(completedAt, that.completedAt)
        && Objects.equals(previousCa, that.previousCa)
        && Objects.equals(newCa, that.newCa);
  }

  @Override
  public int hashCode() {
    return Objects.hash(requested, step, startedAt, stepStartedAt, completedAt, previousCa, newCa);
  }

  @Override
  public String toString() {
    return "CaRotationStatus[" + requested + ", " + step + ", " + previousCa + " -> " + newCa + "]";
  }
}
