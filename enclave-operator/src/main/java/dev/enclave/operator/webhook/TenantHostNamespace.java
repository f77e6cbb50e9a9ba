package dev.enclave.operator.webhook;

import dev.enclave.api.v1alpha1.EnclaveApi;
import io.fabric8.kubernetes.api.model.Namespace;
import java.util.Map;
import java.util.Optional;

/**
 * Recognises the host namespaces Enclave creates for tenant clusters: labelled with a jurisdiction,
 * and either managed by Enclave or naming their tenant cluster. Either marker is enough, so that
 * losing one label does not take a namespace out of validation.
 */
final class TenantHostNamespace {
  private TenantHostNamespace() {}

  /** The jurisdiction of a tenant host namespace, else empty. */
  static Optional<String> jurisdictionOf(Namespace namespace) {
    Map<String, String> labels = namespace.getMetadata().getLabels();
    if (labels == null || !managedByEnclave(labels)) {
      return Optional.empty();
    }
    String jurisdiction = labels.get(EnclaveApi.JURISDICTION_LABEL);
    return jurisdiction == null || jurisdiction.isBlank()
        ? Optional.empty()
        : Optional.of(jurisdiction);
  }

  private static boolean managedByEnclave(Map<String, String> labels) {
    return EnclaveApi.MANAGED_BY.equals(labels.get(EnclaveApi.MANAGED_BY_LABEL))
        || labels.containsKey(EnclaveApi.TENANT_NAME_LABEL);
  }
}
