package dev.enclave.core.compliance;

import dev.enclave.core.model.Platform;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.function.BiConsumer;

/**
 * The compliance rules of a platform: one pure function from declared objects to violations, shared
 * by {@code enclavectl check}, the operator's Compliant condition and the admission webhook.
 *
 * <p>Field paths use dots and {@code [i]} indexes ({@code spec.policy.bundles[1]}, {@code
 * spec.auditSinks[0].url}); quota entries append the key as written, so the key {@code
 * requests.cpu} is reported at {@code spec.quota.requests.cpu}.
 */
public final class ComplianceRules {
  private static final List<BiConsumer<Catalog, List<Violation>>> FAMILIES =
      List.of(
          NameRules::check,
          DuplicateRules::check,
          ReferenceRules::check,
          ResidencyRules::check,
          VersionRules::check,
          TenantClusterRules::check,
          QuotaRules::check,
          JurisdictionRules::check,
          DestinationRules::check,
          PlacementOverlapRules::check,
          DataStoreRules::check,
          AccessGrantRules::check);

  private ComplianceRules() {}

  /** Every violation of the platform, de-duplicated and sorted with {@link Violation#ORDER}. */
  public static List<Violation> evaluate(Platform platform) {
    Catalog catalog = new Catalog(platform);
    List<Violation> found = new ArrayList<>();
    FAMILIES.forEach(family -> family.accept(catalog, found));
    List<Violation> violations = new ArrayList<>(new LinkedHashSet<>(found));
    violations.sort(Violation.ORDER);
    return List.copyOf(violations);
  }

  /** The violations about one object, matched by kind, namespace and name, in their order. */
  public static List<Violation> forObject(List<Violation> violations, HasMetadata object) {
    String kind = Catalog.kindOf(object);
    String namespace = Catalog.namespaceOf(object);
    String name = Catalog.nameOf(object);
    return violations.stream()
        .filter(v -> Objects.equals(v.kind(), kind))
        .filter(v -> Objects.equals(v.namespace(), namespace))
        .filter(v -> Objects.equals(v.name(), name))
        .toList();
  }
}
