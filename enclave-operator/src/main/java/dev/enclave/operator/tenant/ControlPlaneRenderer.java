package dev.enclave.operator.tenant;

import dev.enclave.api.v1alpha1.DataStore;
import dev.enclave.api.v1alpha1.Jurisdiction;
import dev.enclave.api.v1alpha1.TenantCluster;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;

/** The desired host objects of one tenant, Namespace first: the shared control-plane builder. */
@FunctionalInterface
public interface ControlPlaneRenderer {
  List<HasMetadata> render(TenantCluster tenant, Jurisdiction jurisdiction, DataStore dataStore);
}
