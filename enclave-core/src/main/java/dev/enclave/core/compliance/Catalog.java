package dev.enclave.core.compliance;

import dev.enclave.api.v1alpha1.AccessGrant;
import dev.enclave.api.v1alpha1.DataStore;
import dev.enclave.api.v1alpha1.Jurisdiction;
import dev.enclave.api.v1alpha1.JurisdictionSpec;
import dev.enclave.api.v1alpha1.TenantCluster;
import dev.enclave.core.model.Declared;
import dev.enclave.core.model.Platform;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The declared objects of a platform with null-safe lookups by name. Unlike {@link Platform}'s own
 * lookups it tolerates objects without metadata, which the rules must report rather than trip on.
 */
final class Catalog {
  private final List<Declared<Jurisdiction>> jurisdictions;
  private final List<Declared<DataStore>> dataStores;
  private final List<Declared<TenantCluster>> tenantClusters;
  private final List<Declared<AccessGrant>> accessGrants;

  Catalog(Platform platform) {
    this.jurisdictions = present(platform.jurisdictions());
    this.dataStores = present(platform.dataStores());
    this.tenantClusters = present(platform.tenantClusters());
    this.accessGrants = present(platform.accessGrants());
  }

  private static <T extends HasMetadata> List<Declared<T>> present(List<Declared<T>> declared) {
    return declared.stream().filter(d -> d != null && d.object() != null).toList();
  }

  List<Declared<Jurisdiction>> jurisdictions() {
    return jurisdictions;
  }

  List<Declared<DataStore>> dataStores() {
    return dataStores;
  }

  List<Declared<TenantCluster>> tenantClusters() {
    return tenantClusters;
  }

  List<Declared<AccessGrant>> accessGrants() {
    return accessGrants;
  }

  /** Every declared object of every kind, in kind order then declaration order. */
  List<Declared<? extends HasMetadata>> all() {
    return Stream.of(jurisdictions, dataStores, tenantClusters, accessGrants)
        .<Declared<? extends HasMetadata>>flatMap(List::stream)
        .toList();
  }

  /** The first jurisdiction of that name; duplicates are reported by {@link DuplicateRules}. */
  Optional<Jurisdiction> jurisdiction(String name) {
    return first(jurisdictions, name, null);
  }

  /** The spec of the named jurisdiction, if it exists and has one. */
  Optional<JurisdictionSpec> jurisdictionSpec(String name) {
    return jurisdiction(name).map(Jurisdiction::getSpec);
  }

  List<String> jurisdictionNames() {
    return names(jurisdictions, d -> true);
  }

  Optional<DataStore> dataStore(String name) {
    return first(dataStores, name, null);
  }

  List<String> dataStoreNames() {
    return names(dataStores, d -> true);
  }

  /** Names of the data stores declared in one jurisdiction. */
  List<String> dataStoreNamesIn(String jurisdiction) {
    return names(
        dataStores,
        d -> d.getSpec() != null && Objects.equals(d.getSpec().getJurisdiction(), jurisdiction));
  }

  Optional<TenantCluster> tenantCluster(String namespace, String name) {
    return first(tenantClusters, name, namespace);
  }

  /** Names of the tenant clusters declared in one namespace. */
  List<String> tenantClusterNamesIn(String namespace) {
    return names(tenantClusters, t -> Objects.equals(namespaceOf(t), namespace));
  }

  private static <T extends HasMetadata> Optional<T> first(
      List<Declared<T>> declared, String name, String namespace) {
    return declared.stream()
        .map(Declared::object)
        .filter(o -> name != null && name.equals(nameOf(o)))
        .filter(o -> namespace == null || namespace.equals(namespaceOf(o)))
        .findFirst();
  }

  private static <T extends HasMetadata> List<String> names(
      List<Declared<T>> declared, Predicate<T> filter) {
    return declared.stream()
        .map(Declared::object)
        .filter(filter)
        .map(Catalog::nameOf)
        .filter(Objects::nonNull)
        .distinct()
        .toList();
  }

  static String kindOf(HasMetadata object) {
    String kind = object.getKind();
    return kind != null ? kind : HasMetadata.getKind(object.getClass());
  }

  static String nameOf(HasMetadata object) {
    return metadata(object, ObjectMeta::getName);
  }

  static String namespaceOf(HasMetadata object) {
    return metadata(object, ObjectMeta::getNamespace);
  }

  private static String metadata(HasMetadata object, Function<ObjectMeta, String> field) {
    return object.getMetadata() == null ? null : field.apply(object.getMetadata());
  }

  /** The names of listed items, skipping null items and names; empty for a null list. */
  static <T> List<String> namesOf(List<T> items, Function<T, String> name) {
    return orEmpty(items).stream()
        .filter(Objects::nonNull)
        .map(name)
        .filter(Objects::nonNull)
        .toList();
  }

  /** A list as written, or an empty list when it was left out. */
  static <T> List<T> orEmpty(List<T> items) {
    return items == null ? List.of() : items;
  }
}
