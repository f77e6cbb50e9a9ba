package dev.enclave.core.compliance;

import java.util.List;

/** The policy bundles Enclave ships and a tenant may enable in {@code spec.policy.bundles}. */
public final class PolicyBundles {
  /** Known bundles, in the order messages list them. */
  public static final List<String> KNOWN =
      List.of("residency", "image-provenance", "sbom", "pod-security", "network-isolation");

  /** Policy engines that can enforce the bundles. */
  public static final List<String> ENGINES = List.of("kyverno", "gatekeeper");

  private PolicyBundles() {}
}
