package dev.enclave.core.render;

import dev.enclave.api.v1alpha1.DataStore;
import dev.enclave.api.v1alpha1.DataStoreBinding;
import dev.enclave.api.v1alpha1.Jurisdiction;
import dev.enclave.api.v1alpha1.TenantCluster;
import dev.enclave.core.controlplane.ControlPlaneBuilder;
import dev.enclave.core.model.Declared;
import dev.enclave.core.model.Platform;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Resolves each tenant cluster's jurisdiction and data store in a compliant platform and builds its
 * host objects. The CLI's render and the operator both go through {@link #render(Platform,
 * TenantCluster)}.
 */
public final class PlatformRenderer {
  private static final Comparator<RenderedTenant> ORDER =
      Comparator.comparing(RenderedTenant::namespace).thenComparing(RenderedTenant::name);

  private PlatformRenderer() {}

  /** Every tenant cluster of the platform, sorted by namespace and name. */
  public static List<RenderedTenant> render(Platform platform) {
    return platform.tenantClusters().stream()
        .map(Declared::object)
        .map(tenant -> render(platform, tenant))
        .sorted(ORDER)
        .toList();
  }

  /**
   * One tenant cluster. The platform must already have passed the compliance rules: an unknown
   * jurisdiction or data store here is a programming error, not user input.
   */
  public static RenderedTenant render(Platform platform, TenantCluster tenant) {
    String jurisdictionName = tenant.getSpec().getJurisdiction();
    Jurisdiction jurisdiction =
        platform
            .jurisdiction(jurisdictionName)
            .orElseThrow(() -> unresolved(tenant, "jurisdiction", jurisdictionName));
    DataStore dataStore = dataStoreOf(platform, tenant).orElse(null);
    return new RenderedTenant(tenant, ControlPlaneBuilder.build(tenant, jurisdiction, dataStore));
  }

  private static Optional<DataStore> dataStoreOf(Platform platform, TenantCluster tenant) {
    DataStoreBinding binding = tenant.getSpec().getDataStore();
    if (binding == null || binding.getRef() == null) {
      return Optional.empty();
    }
    return Optional.of(
        platform
            .dataStore(binding.getRef())
            .orElseThrow(() -> unresolved(tenant, "data store", binding.getRef())));
  }

  private static IllegalStateException unresolved(TenantCluster tenant, String what, String name) {
    return new IllegalStateException(
        "TenantCluster/" + tenant.getMetadata().getName() + ": " + what + " \"" + name
            + "\" is not declared; run the compliance rules before rendering");
  }
}
