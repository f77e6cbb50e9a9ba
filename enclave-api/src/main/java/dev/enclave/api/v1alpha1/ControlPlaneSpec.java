package dev.enclave.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.*;
import java.util.Objects;

/** Control plane size and components. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class ControlPlaneSpec {
  @JsonPropertyDescription("Control plane replicas: 1, or 3 for HA.")
  @Min(1)
  @Max(7)
  private Integer replicas;

  @JsonPropertyDescription("Run kube-scheduler (default false: the syncer places workloads on host nodes).")
  private Boolean scheduler;

  public Integer getReplicas() {
    return replicas;
  }

  public void setReplicas(Integer replicas) {
    this.replicas = replicas;
  }

  public Boolean getScheduler() {
    return scheduler;
  }

  public void setScheduler(Boolean scheduler) {
    this.scheduler = scheduler;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) return true;
    if (!(o instanceof ControlPlaneSpec)) return false;
    ControlPlaneSpec that = (ControlPlaneSpec) o;
    return Objects.equals(replicas, that.replicas) && Objects.equals(scheduler, that.scheduler);
  }

  @Override
  public int hashCode() {
    return Objects.hash(replicas, scheduler);
  }

}
