package dev.enclave.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/**
 * A version upgrade in progress: from the running version to the declared one, through the steps
 * the version-skew policy orders (a backup, the API server, then controller-manager and scheduler,
 * then a health gate). Absent when the running version is the declared one.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class UpgradeStatus {
  @JsonPropertyDescription("The version running when the upgrade started.")
  private String from;

  @JsonPropertyDescription("The version being upgraded to (spec.kubernetesVersion).")
  private String to;

  @JsonPropertyDescription("Backup, ApiServer, Components, HealthGate or Failed.")
  private String step;

  @JsonPropertyDescription("When the upgrade started (RFC 3339).")
  private String startedAt;

  @JsonPropertyDescription("When the current step started (RFC 3339).")
  private String stepStartedAt;

  @JsonPropertyDescription(
      "Id of the backup taken before the upgrade, the one to restore from if it fails; or why none"
          + " was taken.")
  private String preUpgradeBackup;

  public String getFrom() {
    return from;
  }

  public void setFrom(String from) {
    this.from = from;
  }

  public String getTo() {
    return to;
  }

  public void setTo(String to) {
    this.to = to;
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

  public String getPreUpgradeBackup() {
    return preUpgradeBackup;
  }

  public void setPreUpgradeBackup(String preUpgradeBackup) {
    this.preUpgradeBackup = preUpgradeBackup;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) return true;
    if (!(o instanceof UpgradeStatus)) return false;
    UpgradeStatus that = (UpgradeStatus) o;
    return Objects.equals(from, that.from)
        && Objects.equals(to, that.to)
        && Objects.equals(step, that.step)
        && Objects.equals(startedAt, that.startedAt)
        && Objects.equals(stepStartedAt, that.stepStartedAt)
        && Objects.equals(preUpgradeBackup, that.preUpgradeBackup);
  }

  @Override
  public int hashCode() {
    return Objects.hash(from, to, step, startedAt, stepStartedAt, preUpgradeBackup);
  }

  @Override
  public String toString() {
    return "UpgradeStatus{" + from + " -> " + to + ", step " + step + "}";
  }
}
