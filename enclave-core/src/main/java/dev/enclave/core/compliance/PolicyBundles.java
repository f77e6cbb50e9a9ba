package dev.enclave.core.compliance;

import java.util.List;

/** The policy bundles Enclave ships and a tenant may enable in {@code spec.policy.bundles}. */
public final class PolicyBundles {
  /** Known bundles, in the order messages list them. */
  public static final List<String> KNOWN =
      List.of("residency", "image-provenance", "sbom", "pod-security", "network-isolation");

  /** The engine built into kube-apiserver: the bundles as ValidatingAdmissionPolicies. */
  public static final String VALIDATING_ADMISSION_POLICY = "validating-admission-policy";

  /** Policy engines that can enforce the bundles; the first is the default. */
  public static final List<String> ENGINES =
      List.of(VALIDATING_ADMISSION_POLICY, "kyverno", "gatekeeper");

  private PolicyBundles() {}

  /** The engine a policy names, or the default when it names none. */
  public static String engine(String declared) {
    return declared == null ? VALIDATING_ADMISSION_POLICY : declared;
  }
}
