package dev.enclave.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/** An embedded etcd. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class EmbeddedDataStore {
  @JsonPropertyDescription("Storage class of the etcd volume; must be one of the jurisdiction's.")
  private String storageClass;

  @JsonPropertyDescription("Volume size, e.g. 5Gi.")
  private String size;

  public String getStorageClass() {
    return storageClass;
  }

  public void setStorageClass(String storageClass) {
    this.storageClass = storageClass;
  }

  public String getSize() {
    return size;
  }

  public void setSize(String size) {
    this.size = size;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) return true;
    if (!(o instanceof EmbeddedDataStore)) return false;
    EmbeddedDataStore that = (EmbeddedDataStore) o;
    return Objects.equals(storageClass, that.storageClass) && Objects.equals(size, that.size);
  }

  @Override
  public int hashCode() {
    return Objects.hash(storageClass, size);
  }

}
