package dev.enclave.core.controlplane;

import io.fabric8.kubernetes.api.model.LimitRange;
import io.fabric8.kubernetes.api.model.LimitRangeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The host ResourceQuota from {@code spec.quota} (keys and values as written, sorted) and a
 * LimitRange that gives every container without its own requests and limits the defaults, so a
 * quota on requests or limits never rejects a pod for leaving them out.
 */
public final class QuotaBuilder {
  public static final String COMPONENT = "quota";
  public static final Map<String, String> DEFAULT_REQUEST =
      Map.of("cpu", "100m", "memory", "128Mi");
  public static final Map<String, String> DEFAULT_LIMIT = Map.of("cpu", "500m", "memory", "512Mi");

  private QuotaBuilder() {}

  /** Empty when the tenant declares no quota. */
  public static Optional<ResourceQuota> resourceQuota(ControlPlaneModel model) {
    if (model.quota().isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new ResourceQuotaBuilder()
            .withMetadata(
                HostLabels.metadata(model, HostNames.resourceQuota(model.tenant()), COMPONENT))
            .withNewSpec()
            .withHard(quantities(model.quota()))
            .endSpec()
            .build());
  }

  public static LimitRange limitRange(ControlPlaneModel model) {
    return new LimitRangeBuilder()
        .withMetadata(HostLabels.metadata(model, HostNames.limitRange(model.tenant()), COMPONENT))
        .withNewSpec()
        .addNewLimit()
        .withType("Container")
        .withDefaultRequest(quantities(DEFAULT_REQUEST))
        .withDefault(quantities(DEFAULT_LIMIT))
        .endLimit()
        .endSpec()
        .build();
  }

  private static SortedMap<String, Quantity> quantities(Map<String, String> values) {
    SortedMap<String, Quantity> quantities = new TreeMap<>();
    values.forEach((k, v) -> quantities.put(k, new Quantity(v)));
    return quantities;
  }
}
