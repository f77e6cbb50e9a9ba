package dev.enclave.syncer.translate;

import dev.enclave.core.sync.SyncPolicy;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimSpec;
import io.fabric8.kubernetes.api.model.TypedLocalObjectReference;
import io.fabric8.kubernetes.api.model.TypedObjectReference;
import java.util.ArrayList;
import java.util.List;

/**
 * Claims (PersistentVolumeClaims and the templates of ephemeral volumes) only with the
 * jurisdiction's storage classes; an unset class gets its first. A claim may not bind a host volume
 * by name or by label, and may only be cloned from another claim of the same tenant namespace,
 * which is renamed to its host copy.
 */
final class ClaimPolicy {
  private static final String CLAIM_KIND = "PersistentVolumeClaim";

  private ClaimPolicy() {}

  static List<Refusal> check(PersistentVolumeClaimSpec spec, String field, SyncPolicy policy) {
    List<Refusal> refusals = new ArrayList<>();
    if (spec == null) {
      Refusals.add(refusals, field, "unset", "a claim spec");
      return refusals;
    }
    String allowed = "one of " + policy.storageClasses() + " or unset";
    String storageClass = spec.getStorageClassName();
    if (storageClass == null && policy.defaultStorageClass() == null) {
      Refusals.add(
          refusals,
          field + ".storageClassName",
          "unset",
          "the jurisdiction lists no storage class");
    } else if (storageClass != null && !policy.storageClasses().contains(storageClass)) {
      Refusals.add(refusals, field + ".storageClassName", storageClass, allowed);
    }
    if (spec.getVolumeName() != null && !spec.getVolumeName().isEmpty()) {
      Refusals.add(
          refusals,
          field + ".volumeName",
          spec.getVolumeName(),
          "unset (it would bind a host volume)");
    }
    if (spec.getSelector() != null) {
      Refusals.add(
          refusals, field + ".selector", "a volume selector", "unset (it would bind host volumes)");
    }
    TypedLocalObjectReference source = spec.getDataSource();
    if (source != null && !isClaim(source.getApiGroup(), source.getKind())) {
      Refusals.add(
          refusals,
          field + ".dataSource.kind",
          source.getKind(),
          CLAIM_KIND + " of the same namespace");
    }
    TypedObjectReference sourceRef = spec.getDataSourceRef();
    if (sourceRef != null && !isClaim(sourceRef.getApiGroup(), sourceRef.getKind())) {
      Refusals.add(
          refusals,
          field + ".dataSourceRef.kind",
          sourceRef.getKind(),
          CLAIM_KIND + " of the same namespace");
    }
    if (sourceRef != null
        && sourceRef.getNamespace() != null
        && !sourceRef.getNamespace().isEmpty()) {
      Refusals.add(refusals, field + ".dataSourceRef.namespace", sourceRef.getNamespace(), "unset");
    }
    return refusals;
  }

  /** Sets the default storage class and renames claim data sources to their host copies. */
  static void apply(PersistentVolumeClaimSpec spec, SyncPolicy policy, String tenantNamespace) {
    if (spec.getStorageClassName() == null) {
      spec.setStorageClassName(policy.defaultStorageClass());
    }
    if (spec.getDataSource() != null && !isEmpty(spec.getDataSource().getName())) {
      spec.getDataSource()
          .setName(NameTranslator.hostName(tenantNamespace, spec.getDataSource().getName()));
    }
    if (spec.getDataSourceRef() != null && !isEmpty(spec.getDataSourceRef().getName())) {
      spec.getDataSourceRef()
          .setName(NameTranslator.hostName(tenantNamespace, spec.getDataSourceRef().getName()));
    }
  }

  private static boolean isEmpty(String name) {
    return name == null || name.isEmpty();
  }

  private static boolean isClaim(String apiGroup, String kind) {
    return (apiGroup == null || apiGroup.isEmpty()) && CLAIM_KIND.equals(kind);
  }
}
