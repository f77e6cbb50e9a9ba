package dev.enclave.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.*;
import io.fabric8.crd.generator.annotation.PrinterColumn;
import java.util.Objects;

/** Time-bound, recorded break-glass access to a tenant cluster. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class AccessGrantSpec {
  @JsonPropertyDescription("Tenant cluster in the same namespace.")
  @Required
  @PrinterColumn(name = "Tenant")
  private String tenantCluster;

  @JsonPropertyDescription("Group granted access; one of the jurisdiction's adminGroups.")
  @Required
  @PrinterColumn(name = "Group")
  private String group;

  @JsonPropertyDescription("view, edit or admin.")
  @Required
  @Pattern("^(view|edit|admin)$")
  @PrinterColumn(name = "Role")
  private String role;

  @JsonPropertyDescription("How long the grant lasts, at most 8h, e.g. 2h or 90m.")
  @Required
  @PrinterColumn(name = "Duration")
  private String duration;

  @JsonPropertyDescription("Why access is needed, e.g. an incident number.")
  @Required
  private String justification;

  public String getTenantCluster() {
    return tenantCluster;
  }

  public void setTenantCluster(String tenantCluster) {
    this.tenantCluster = tenantCluster;
  }

  public String getGroup() {
    return group;
  }

  public void setGroup(String group) {
    this.group = group;
  }

  public String getRole() {
    return role;
  }

  public void setRole(String role) {
    this.role = role;
  }

  public String getDuration() {
    return duration;
  }

  public void setDuration(String duration) {
    this.duration = duration;
  }

  public String getJustification() {
    return justification;
  }

  public void setJustification(String justification) {
    this.justification = justification;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) return true;
    if (!(o instanceof AccessGrantSpec)) return false;
    AccessGrantSpec that = (AccessGrantSpec) o;
    return Objects.equals(tenantCluster, that.tenantCluster) && Objects.equals(group, that.group) && Objects.equals(role, that.role) && Objects.equals(duration, that.duration) && Objects.equals(justification, that.justification);
  }

  @Override
  public int hashCode() {
    return Objects.hash(tenantCluster, group, role, duration, justification);
  }

}
