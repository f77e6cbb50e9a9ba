package dev.enclave.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.*;
import java.util.Objects;

/** Backup schedule. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class BackupSpec {
  @JsonPropertyDescription("Name of one of the jurisdiction's backup targets.")
  @Required
  private String target;

  @JsonPropertyDescription("Cron schedule, e.g. 0 */6 * * *.")
  private String schedule;

  @JsonPropertyDescription("Backups kept.")
  @Min(1)
  private Integer retention;

  @JsonProperty("final")
  @JsonPropertyDescription(
      "Whether deleting the tenant cluster takes a final backup first; absent means true.")
  private Boolean finalBackup;

  public String getTarget() {
    return target;
  }

  public void setTarget(String target) {
    this.target = target;
  }

  public String getSchedule() {
    return schedule;
  }

  public void setSchedule(String schedule) {
    this.schedule = schedule;
  }

  public Integer getRetention() {
    return retention;
  }

  public void setRetention(Integer retention) {
    this.retention = retention;
  }

  public Boolean getFinalBackup() {
    return finalBackup;
  }

  public void setFinalBackup(Boolean finalBackup) {
    this.finalBackup = finalBackup;
  }

  /** Whether a final backup is taken before deletion: true unless {@code final: false}. */
  @JsonIgnore
  public boolean takesFinalBackup() {
    return !Boolean.FALSE.equals(finalBackup);
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) return true;
    if (!(o instanceof BackupSpec)) return false;
    BackupSpec that = (BackupSpec) o;
    return Objects.equals(target, that.target) && Objects.equals(schedule, that.schedule) && Objects.equals(retention, that.retention) && Objects.equals(finalBackup, that.finalBackup);
  }

  @Override
  public int hashCode() {
    return Objects.hash(target, schedule, retention, finalBackup);
  }

}
