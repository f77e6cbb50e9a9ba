package dev.enclave.operator.webhook;

import dev.enclave.api.v1alpha1.DataStore;
import dev.enclave.api.v1alpha1.Jurisdiction;
import dev.enclave.api.v1alpha1.TenantCluster;
import dev.enclave.core.model.Declared;
import dev.enclave.core.model.Platform;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Refuses deleting a Jurisdiction or DataStore that tenants still use, naming them. */
final class DeletionGuard {
  private DeletionGuard() {}

  /** Whether this kind can be in use at all; only then is the platform read. */
  static boolean guards(String kind) {
    return Jurisdiction.KIND.equals(kind) || DataStore.KIND.equals(kind);
  }

  /** The refusal, or empty when nothing uses the object. */
  static Optional<String> refusal(String kind, String name, Platform platform) {
    List<String> users =
        switch (kind) {
          case Jurisdiction.KIND -> jurisdictionUsers(name, platform);
          case DataStore.KIND -> dataStoreUsers(name, platform);
          default -> List.of();
        };
    if (users.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        kind
            + "/"
            + name
            + ": metadata.name: cannot be deleted while in use by "
            + String.join(", ", users)
            + "; delete or move them first");
  }

  private static List<String> jurisdictionUsers(String name, Platform platform) {
    List<String> users = new ArrayList<>();
    for (Declared<TenantCluster> t : platform.tenantClusters()) {
      if (t.object().getSpec() != null && name.equals(t.object().getSpec().getJurisdiction())) {
        users.add(tenant(t.object()));
      }
    }
    for (Declared<DataStore> d : platform.dataStores()) {
      if (d.object().getSpec() != null && name.equals(d.object().getSpec().getJurisdiction())) {
        users.add("DataStore/" + d.name());
      }
    }
    return users;
  }

  private static List<String> dataStoreUsers(String name, Platform platform) {
    List<String> users = new ArrayList<>();
    for (Declared<TenantCluster> t : platform.tenantClusters()) {
      var spec = t.object().getSpec();
      if (spec != null
          && spec.getDataStore() != null
          && Objects.equals(name, spec.getDataStore().getRef())) {
        users.add(tenant(t.object()));
      }
    }
    return users;
  }

  private static String tenant(TenantCluster tenant) {
    return "TenantCluster/"
        + tenant.getMetadata().getNamespace()
        + "/"
        + tenant.getMetadata().getName();
  }
}
