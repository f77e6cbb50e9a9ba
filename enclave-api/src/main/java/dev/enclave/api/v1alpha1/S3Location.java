package dev.enclave.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.*;
import java.util.Objects;

/** An S3-compatible bucket. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class S3Location {
  @JsonPropertyDescription("https endpoint of the object store.")
  @Required
  private String endpoint;

  @JsonPropertyDescription("Bucket name.")
  @Required
  private String bucket;

  @JsonPropertyDescription("Region of the bucket.")
  private String region;

  @JsonPropertyDescription(
      "Secret with keys accessKeyId and secretAccessKey; its namespace defaults to the operator's.")
  private SecretReference credentialsSecretRef;

  public String getEndpoint() {
    return endpoint;
  }

  public void setEndpoint(String endpoint) {
    this.endpoint = endpoint;
  }

  public String getBucket() {
    return bucket;
  }

  public void setBucket(String bucket) {
    this.bucket = bucket;
  }

  public String getRegion() {
    return region;
  }

  public void setRegion(String region) {
    this.region = region;
  }

  public SecretReference getCredentialsSecretRef() {
    return credentialsSecretRef;
  }

  public void setCredentialsSecretRef(SecretReference credentialsSecretRef) {
    this.credentialsSecretRef = credentialsSecretRef;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) return true;
    if (!(o instanceof S3Location)) return false;
    S3Location that = (S3Location) o;
    return Objects.equals(endpoint, that.endpoint) && Objects.equals(bucket, that.bucket) && Objects.equals(region, that.region) && Objects.equals(credentialsSecretRef, that.credentialsSecretRef);
  }

  @Override
  public int hashCode() {
    return Objects.hash(endpoint, bucket, region, credentialsSecretRef);
  }

}
