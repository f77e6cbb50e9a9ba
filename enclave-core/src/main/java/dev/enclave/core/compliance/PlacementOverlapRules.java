package dev.enclave.core.compliance;

import static dev.enclave.core.compliance.Messages.quote;

import dev.enclave.api.v1alpha1.Jurisdiction;
import dev.enclave.api.v1alpha1.JurisdictionSpec;
import dev.enclave.core.model.Declared;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Two jurisdictions must never match the same node. Their node selectors overlap (a node could
 * carry both) unless some key they share requires different values.
 */
final class PlacementOverlapRules {
  private PlacementOverlapRules() {}

  static void check(Catalog catalog, List<Violation> out) {
    List<Declared<Jurisdiction>> jurisdictions = catalog.jurisdictions();
    for (Declared<Jurisdiction> one : jurisdictions) {
      for (Declared<Jurisdiction> other : jurisdictions) {
        if (one != other && overlap(one.object(), other.object())) {
          Findings.on(one, out)
              .add(
                  "spec.placement.nodeSelector",
                  "node selector "
                      + format(selector(one.object()))
                      + " overlaps that of jurisdiction "
                      + quote(Catalog.nameOf(other.object()))
                      + " ("
                      + format(selector(other.object()))
                      + "): a node could carry both; give them a common key with different values");
        }
      }
    }
  }

  private static boolean overlap(Jurisdiction one, Jurisdiction other) {
    Map<String, String> a = selector(one);
    Map<String, String> b = selector(other);
    if (a.isEmpty() || b.isEmpty() || Objects.equals(Catalog.nameOf(one), Catalog.nameOf(other))) {
      return false; // empty selectors and duplicates are reported by their own rules
    }
    return a.keySet().stream()
        .filter(b::containsKey)
        .allMatch(key -> Objects.equals(a.get(key), b.get(key)));
  }

  private static Map<String, String> selector(Jurisdiction jurisdiction) {
    JurisdictionSpec spec = jurisdiction.getSpec();
    if (spec == null
        || spec.getPlacement() == null
        || spec.getPlacement().getNodeSelector() == null) {
      return Map.of();
    }
    return spec.getPlacement().getNodeSelector();
  }

  private static String format(Map<String, String> selector) {
    return selector.entrySet().stream()
        .map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining(", ", "{", "}"));
  }
}
