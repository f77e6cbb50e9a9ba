package dev.enclave.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/** Exactly one of embedded or ref. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class DataStoreBinding {
  @JsonPropertyDescription("An etcd run inside the control plane pod, on a volume of the jurisdiction.")
  private EmbeddedDataStore embedded;

  @JsonPropertyDescription("Name of a shared DataStore in the same jurisdiction.")
  private String ref;

  public EmbeddedDataStore getEmbedded() {
    return embedded;
  }

  public void setEmbedded(EmbeddedDataStore embedded) {
    this.embedded = embedded;
  }

  public String getRef() {
    return ref;
  }

  public void setRef(String ref) {
    this.ref = ref;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) return true;
    if (!(o instanceof DataStoreBinding)) return false;
    DataStoreBinding that = (DataStoreBinding) o;
    return Objects.equals(embedded, that.embedded) && Objects.equals(ref, that.ref);
  }

  @Override
  public int hashCode() {
    return Objects.hash(embedded, ref);
  }

}
