package dev.enclave.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.*;
import java.util.Objects;

/** Runtime isolation of tenant workloads. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class IsolationSpec {
  @JsonPropertyDescription("RuntimeClass every synced pod runs with, e.g. gvisor.")
  private String runtimeClassName;

  @JsonPropertyDescription("Pod Security level of tenant workloads: baseline or restricted (privileged is refused).")
  @Pattern("^(privileged|baseline|restricted)$")
  private String podSecurity;

  public String getRuntimeClassName() {
    return runtimeClassName;
  }

  public void setRuntimeClassName(String runtimeClassName) {
    this.runtimeClassName = runtimeClassName;
  }

  public String getPodSecurity() {
    return podSecurity;
  }

  public void setPodSecurity(String podSecurity) {
    this.podSecurity = podSecurity;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) return true;
    if (!(o instanceof IsolationSpec)) return false;
    IsolationSpec that = (IsolationSpec) o;
    return Objects.equals(runtimeClassName, that.runtimeClassName) && Objects.equals(podSecurity, that.podSecurity);
  }

  @Override
  public int hashCode() {
    return Objects.hash(runtimeClassName, podSecurity);
  }

}
