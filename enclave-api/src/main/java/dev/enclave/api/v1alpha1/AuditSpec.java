package dev.enclave.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.*;
import java.util.Objects;

/** Audit log destination. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class AuditSpec {
  @JsonPropertyDescription("Name of one of the jurisdiction's audit sinks.")
  @Required
  private String sink;

  public String getSink() {
    return sink;
  }

  public void setSink(String sink) {
    this.sink = sink;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) return true;
    if (!(o instanceof AuditSpec)) return false;
    AuditSpec that = (AuditSpec) o;
    return Objects.equals(sink, that.sink);
  }

  @Override
  public int hashCode() {
    return Objects.hash(sink);
  }

}
