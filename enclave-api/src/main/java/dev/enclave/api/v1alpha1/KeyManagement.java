package dev.enclave.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/** Key management for encryption at rest. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class KeyManagement {
  @JsonPropertyDescription("KMS v2 plugin endpoint, e.g. unix:///var/run/kmsplugin/eu.sock.")
  private String kmsEndpoint;

  @JsonPropertyDescription(
      "Where the plugin's key-encryption keys live: exactly one of local, vault, awsKms. Absent"
          + " means local (development only: keys beside the data).")
  private KmsProvider provider;

  public KmsProvider getProvider() {
    return provider;
  }

  public void setProvider(KmsProvider provider) {
    this.provider = provider;
  }

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
    return Objects.equals(kmsEndpoint, that.kmsEndpoint) && Objects.equals(provider, that.provider);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kmsEndpoint, provider);
  }

}
