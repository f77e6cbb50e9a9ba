package dev.enclave.core.drift;

import dev.enclave.api.v1alpha1.Jurisdiction;
import dev.enclave.api.v1alpha1.JurisdictionSpec;
import dev.enclave.api.v1alpha1.TenantCluster;
import dev.enclave.core.controlplane.HostNames;
import dev.enclave.core.observed.DriftFinding;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** One tenant and its jurisdiction, as the drift checks read them; null-safe on the spec. */
record DriftScope(TenantCluster tenant, Jurisdiction jurisdiction) {

  String hostNamespace() {
    return HostNames.hostNamespace(tenant);
  }

  String jurisdictionName() {
    return jurisdiction.getMetadata().getName();
  }

  JurisdictionSpec spec() {
    return jurisdiction.getSpec() == null ? new JurisdictionSpec() : jurisdiction.getSpec();
  }

  /** The jurisdiction's nodeSelector, sorted by key so messages are deterministic. */
  Map<String, String> nodeSelector() {
    JurisdictionSpec spec = spec();
    if (spec.getPlacement() == null || spec.getPlacement().getNodeSelector() == null) {
      return Map.of();
    }
    return new TreeMap<>(spec.getPlacement().getNodeSelector());
  }

  List<String> storageClasses() {
    return spec().getStorageClasses() == null ? List.of() : spec().getStorageClasses();
  }

  /** {@code KIND/HOST-NAMESPACE/NAME}, the object part of a finding. */
  String object(String kind, String name) {
    return kind + "/" + hostNamespace() + "/" + name;
  }

  DriftFinding finding(String object, String field, String message) {
    return new DriftFinding(
        tenant.getMetadata().getNamespace(),
        tenant.getMetadata().getName(),
        object,
        field,
        message);
  }

  /** {@code a=1, b=2}, or "none". */
  static String labels(Map<String, String> labels) {
    if (labels.isEmpty()) {
      return "none";
    }
    return new TreeMap<>(labels)
        .entrySet().stream()
            .map(e -> e.getKey() + "=" + e.getValue())
            .collect(Collectors.joining(", "));
  }

  static String list(List<String> values) {
    return values.isEmpty() ? "none" : String.join(", ", values);
  }
}
