package dev.enclave.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Policy engine and bundles. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class PolicySpec {
  @JsonPropertyDescription(
      "Policy engine: validating-admission-policy (the default when absent; the tenant API server"
          + " enforces the bundles as ValidatingAdmissionPolicies), kyverno or gatekeeper.")
  private String engine;

  @JsonPropertyDescription("Policy bundles, e.g. residency, image-provenance, sbom.")
  private List<String> bundles = new ArrayList<>();

  public String getEngine() {
    return engine;
  }

  public void setEngine(String engine) {
    this.engine = engine;
  }

  public List<String> getBundles() {
    return bundles;
  }

  public void setBundles(List<String> bundles) {
    this.bundles = bundles;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) return true;
    if (!(o instanceof PolicySpec)) return false;
    PolicySpec that = (PolicySpec) o;
    return Objects.equals(engine, that.engine) && Objects.equals(bundles, that.bundles);
  }

  @Override
  public int hashCode() {
    return Objects.hash(engine, bundles);
  }

}
