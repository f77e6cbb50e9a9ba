package dev.enclave.operator.tenant;

import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * What an upgraded tenant must show before its upgrade counts as done. The operator's is {@link
 * TenantApiHealthGate}; unit tests give another, as a CRUD mock runs no workload.
 */
public interface UpgradeHealthGate {

  /** Whether the gate passed, or what it still waits for (one line, no key material). */
  record Result(boolean passed, String message) {}

  /** Checks the tenant through its own API; never throws. */
  Result check(KubernetesClient tenantApi, String registry, String version);

  /** After the gate passed: removes what {@link #check} created in the tenant, if it is there. */
  void finish(KubernetesClient tenantApi);
}
