package dev.enclave.operator.tenant;

import dev.enclave.api.v1alpha1.TenantCluster;
import dev.enclave.core.model.Platform;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;

/**
 * The desired host objects of one tenant, Namespace first. The operator's is {@code
 * PlatformRenderer}, the step {@code enclavectl render} runs; tests and benchmarks may give another.
 */
@FunctionalInterface
public interface ControlPlaneRenderer {
  List<HasMetadata> render(Platform platform, TenantCluster tenant);
}
