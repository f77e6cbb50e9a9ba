package dev.enclave.core.evidence;

import dev.enclave.api.v1alpha1.AuditSink;
import dev.enclave.api.v1alpha1.BackupTarget;
import dev.enclave.api.v1alpha1.DataStore;
import dev.enclave.api.v1alpha1.Jurisdiction;
import dev.enclave.api.v1alpha1.JurisdictionSpec;
import dev.enclave.core.model.Declared;
import dev.enclave.core.model.Platform;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Which jurisdiction declares a destination a tenant names: a storage class, audit sink, backup
 * target or data store. The tenant's own jurisdiction is asked first, so a name declared in two
 * places belongs to the tenant's own when it can.
 */
final class Destinations {
  private final List<Jurisdiction> jurisdictions;
  private final Platform platform;

  Destinations(Platform platform) {
    this.platform = platform;
    List<Jurisdiction> list = new ArrayList<>();
    platform.jurisdictions().stream()
        .map(Declared::object)
        .filter(j -> j.getSpec() != null && j.getMetadata().getName() != null)
        .sorted(Comparator.comparing(j -> j.getMetadata().getName()))
        .forEach(list::add);
    this.jurisdictions = List.copyOf(list);
  }

  record Found<T>(String jurisdiction, T value) {}

  Optional<Found<String>> storageClass(String own, String name) {
    return find(own, spec -> named(spec.getStorageClasses(), s -> s, name));
  }

  Optional<Found<AuditSink>> auditSink(String own, String name) {
    return find(own, spec -> named(spec.getAuditSinks(), AuditSink::getName, name));
  }

  Optional<Found<BackupTarget>> backupTarget(String own, String name) {
    return find(own, spec -> named(spec.getBackupTargets(), BackupTarget::getName, name));
  }

  Optional<DataStore> dataStore(String name) {
    return platform.dataStore(name);
  }

  /** The jurisdiction whose placement labels all appear on a node, the tenant's own first. */
  Optional<String> nodeJurisdiction(String own, Map<String, String> nodeLabels) {
    return find(
            own,
            spec -> {
              Map<String, String> selector =
                  spec.getPlacement() == null ? Map.of() : spec.getPlacement().getNodeSelector();
              boolean matches =
                  selector != null
                      && !selector.isEmpty()
                      && selector.entrySet().stream()
                          .allMatch(e -> Objects.equals(nodeLabels.get(e.getKey()), e.getValue()));
              return matches ? "" : null;
            })
        .map(Found::jurisdiction);
  }

  private <T> Optional<Found<T>> find(String own, Function<JurisdictionSpec, T> lookup) {
    List<Jurisdiction> order = new ArrayList<>();
    jurisdictions.stream().filter(j -> j.getMetadata().getName().equals(own)).forEach(order::add);
    jurisdictions.stream().filter(j -> !j.getMetadata().getName().equals(own)).forEach(order::add);
    for (Jurisdiction j : order) {
      T value = lookup.apply(j.getSpec());
      if (value != null) {
        return Optional.of(new Found<>(j.getMetadata().getName(), value));
      }
    }
    return Optional.empty();
  }

  private static <T> T named(List<T> items, Function<T, String> name, String wanted) {
    if (items == null || wanted == null) {
      return null;
    }
    return items.stream().filter(i -> wanted.equals(name.apply(i))).findFirst().orElse(null);
  }
}
