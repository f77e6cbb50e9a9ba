package dev.enclave.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.*;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Hard placement constraint for every pod of a jurisdiction. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class Placement {
  @JsonPropertyDescription("Node labels every pod must land on; rendered as a required node affinity.")
  @Required
  private Map<String, String> nodeSelector = new LinkedHashMap<>();

  @JsonPropertyDescription("Tolerations added to every pod of the jurisdiction.")
  private List<Toleration> tolerations = new ArrayList<>();

  public Map<String, String> getNodeSelector() {
    return nodeSelector;
  }

  public void setNodeSelector(Map<String, String> nodeSelector) {
    this.nodeSelector = nodeSelector;
  }

  public List<Toleration> getTolerations() {
    return tolerations;
  }

  public void setTolerations(List<Toleration> tolerations) {
    this.tolerations = tolerations;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) return true;
    if (!(o instanceof Placement)) return false;
    Placement that = (Placement) o;
    return Objects.equals(nodeSelector, that.nodeSelector) && Objects.equals(tolerations, that.tolerations);
  }

  @Override
  public int hashCode() {
    return Objects.hash(nodeSelector, tolerations);
  }

}
