package dev.enclave.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.*;
import java.util.Objects;

/** An AWS KMS key that wraps the tenants' data keys. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class AwsKmsProvider {
  @JsonPropertyDescription("Region of the KMS key; must be a region of the jurisdiction's backup targets.")
  @Required
  private String region;

  @JsonPropertyDescription("Key id, key ARN or alias/NAME.")
  @Required
  private String keyId;

  @JsonPropertyDescription("Endpoint override, e.g. a VPC endpoint of KMS in the region.")
  private String endpoint;

  public String getRegion() {
    return region;
  }

  public void setRegion(String region) {
    this.region = region;
  }

  public String getKeyId() {
    return keyId;
  }

  public void setKeyId(String keyId) {
    this.keyId = keyId;
  }

  public String getEndpoint() {
    return endpoint;
  }

  public void setEndpoint(String endpoint) {
    this.endpoint = endpoint;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) return true;
    if (!(o instanceof AwsKmsProvider)) return false;
    AwsKmsProvider that = (AwsKmsProvider) o;
    return Objects.equals(region, that.region)
        && Objects.equals(keyId, that.keyId)
        && Objects.equals(endpoint, that.endpoint);
  }

  @Override
  public int hashCode() {
    return Objects.hash(region, keyId, endpoint);
  }
}
