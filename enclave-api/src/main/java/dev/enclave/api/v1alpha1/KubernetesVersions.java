package dev.enclave.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Kubernetes versions allowed in a jurisdiction. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class KubernetesVersions {
  @JsonPropertyDescription("Allowed minor versions, e.g. 1.37.")
  private List<String> allowed = new ArrayList<>();

  @JsonPropertyDescription("Exact versions held back, e.g. under CVE review.")
  private List<String> held = new ArrayList<>();

  public List<String> getAllowed() {
    return allowed;
  }

  public void setAllowed(List<String> allowed) {
    this.allowed = allowed;
  }

  public List<String> getHeld() {
    return held;
  }

  public void setHeld(List<String> held) {
    this.held = held;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) return true;
    if (!(o instanceof KubernetesVersions)) return false;
    KubernetesVersions that = (KubernetesVersions) o;
    return Objects.equals(allowed, that.allowed) && Objects.equals(held, that.held);
  }

  @Override
  public int hashCode() {
    return Objects.hash(allowed, held);
  }

}
