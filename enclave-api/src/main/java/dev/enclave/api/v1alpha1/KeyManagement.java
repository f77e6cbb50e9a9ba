package dev.enclave.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/** Key management for encryption at rest. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class KeyManagement {
  @JsonPropertyDescription("KMS v2 plugin endpoint, e.g. unix:///var/run/kmsplugin/eu.sock.")
  private String kmsEndpoint;

  public String getKmsEndpoint() {
    return kmsEndpoint;
  }

  public void setKmsEndpoint(String kmsEndpoint) {
    this.kmsEndpoint = kmsEndpoint;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) return true;
    if (!(o instanceof KeyManagement)) return false;
    KeyManagement that = (KeyManagement) o;
    return Objects.equals(kmsEndpoint, that.kmsEndpoint);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kmsEndpoint);
  }

}
