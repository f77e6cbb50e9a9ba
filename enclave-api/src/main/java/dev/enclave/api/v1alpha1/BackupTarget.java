package dev.enclave.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.*;
import java.util.Objects;

/** A named backup destination. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class BackupTarget {
  @JsonPropertyDescription("Name tenant clusters use in spec.backup.target.")
  @Required
  private String name;

  @JsonPropertyDescription("S3-compatible object storage location; exactly one of s3 or path.")
  private S3Location s3;

  @JsonPropertyDescription(
      "A directory on the operator's filesystem, for development only; exactly one of s3 or path.")
  private String path;

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public S3Location getS3() {
    return s3;
  }

  public void setS3(S3Location s3) {
    this.s3 = s3;
  }

  public String getPath() {
    return path;
  }

  public void setPath(String path) {
    this.path = path;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) return true;
    if (!(o instanceof BackupTarget)) return false;
    BackupTarget that = (BackupTarget) o;
    return Objects.equals(name, that.name) && Objects.equals(s3, that.s3) && Objects.equals(path, that.path);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, s3, path);
  }

}
