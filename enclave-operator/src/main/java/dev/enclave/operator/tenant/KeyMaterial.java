package dev.enclave.operator.tenant;

import dev.enclave.api.v1alpha1.TenantCluster;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

  /** The steps of a cluster CA rotation, in order; each is rolled out before the next. */
  enum CaRotationStep {
    /** A new CA trusted beside the current one; nothing re-issued. */
    TRUST_NEW("TrustNew"),
    /** Every certificate re-issued by the new CA; the old one still trusted. */
    SIGN_WITH_NEW("SignWithNew"),
    /** The old CA no longer trusted. */
    DROP_OLD("DropOld");

    private final String status;

    CaRotationStep(String status) {
      this.status = status;
    }

    /** As written in {@code status.caRotation.step}. */
    public String status() {
      return status;
    }

    public static Optional<CaRotationStep> of(String status) {
      return Arrays.stream(values()).filter(s -> s.status.equals(status)).findFirst();
    }
  }

  /**
   * The Secrets that differ from {@code existing} once the tenant's PKI is at {@code step} of a
   * cluster CA rotation. Idempotent: a step already written (or passed) gives nothing.
   */
  List<Issued> rotateClusterCa(
      TenantCluster tenant, CaRotationStep step, Map<String, Map<String, String>> existing);
}
