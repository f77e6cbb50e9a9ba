package dev.enclave.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.*;
import java.util.Objects;

/** A reference to an object in the same namespace. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class LocalObjectReference {
  @JsonPropertyDescription("Object name.")
  @Required
  private String name;

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) return true;
    if (!(o instanceof LocalObjectReference)) return false;
    LocalObjectReference that = (LocalObjectReference) o;
    return Objects.equals(name, that.name);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name);
  }

}
