package dev.enclave.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.*;
import java.util.Objects;

/** A compliance violation: the field path and what is wrong with it. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class FieldViolation {
  @JsonPropertyDescription("Field path, e.g. spec.dataStore.embedded.storageClass.")
  @Required
  private String field;

  @JsonPropertyDescription("What was found and what is allowed.")
  @Required
  private String message;

  public String getField() {
    return field;
  }

  public void setField(String field) {
    this.field = field;
  }

  public String getMessage() {
    return message;
  }

  public void setMessage(String message) {
    this.message = message;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) return true;
    if (!(o instanceof FieldViolation)) return false;
    FieldViolation that = (FieldViolation) o;
    return Objects.equals(field, that.field) && Objects.equals(message, that.message);
  }

  @Override
  public int hashCode() {
    return Objects.hash(field, message);
  }

}
