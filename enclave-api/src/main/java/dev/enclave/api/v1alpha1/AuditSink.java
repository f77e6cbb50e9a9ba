package dev.enclave.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.*;
import java.util.Objects;

/** A named audit log destination. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class AuditSink {
  @JsonPropertyDescription("Name tenant clusters use in spec.audit.sink.")
  @Required
  private String name;

  @JsonPropertyDescription("https URL of the audit webhook receiver.")
  @Required
  @Pattern("^https://.+")
  private String url;

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getUrl() {
    return url;
  }

  public void setUrl(String url) {
    this.url = url;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) return true;
    if (!(o instanceof AuditSink)) return false;
    AuditSink that = (AuditSink) o;
    return Objects.equals(name, that.name) && Objects.equals(url, that.url);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, url);
  }

}
