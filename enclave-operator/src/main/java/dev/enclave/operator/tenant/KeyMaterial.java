package dev.enclave.operator.tenant;

import dev.enclave.api.v1alpha1.TenantCluster;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Issues a tenant's key material (CAs, certificates, service-account keys, kubeconfigs) as Secret
 * data. The operator asks only for Secrets that are missing or due for renewal, so keys are
 * generated once per tenant and not on every reconcile.
 */
public interface KeyMaterial {

  /**
   * One Secret's worth of key material, its Secret type, and from when it is due for renewal (null:
   * never, e.g. service-account keys).
   */
  record Issued(
      String secretName, String type, Map<String, String> stringData, Instant renewAfter) {
    @Override
    public String toString() {
      return "Issued["
          + secretName
          + ", keys "
          + stringData.keySet()
          + ", renewAfter "
          + renewAfter
          + "]";
    }
  }

  /** Every Secret the tenant's control plane needs, by name. */
  List<String> secretNames(TenantCluster tenant);

  /**
   * Issues the {@code wanted} Secrets. {@code existing} holds the decoded data of the Secrets
   * already present (e.g. the CA to sign renewed leaves with). It may return more than was wanted:
   * a missing CA means issuing everything it signs anew.
   */
  List<Issued> issue(
      TenantCluster tenant, Set<String> wanted, Map<String, Map<String, String>> existing);
}
