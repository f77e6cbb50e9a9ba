package dev.enclave.operator.tenant;

import static dev.enclave.operator.tenant.TenantConditions.POLICIES_INSTALLED;
import static dev.enclave.operator.tenant.TenantConditions.POLICY_APPLY_FAILED;
import static dev.enclave.operator.tenant.TenantConditions.POLICY_ENGINE_NOT_INSTALLED;
import static dev.enclave.operator.tenant.TenantConditions.TENANT_API_UNREACHABLE;

import dev.enclave.api.v1alpha1.Jurisdiction;
import dev.enclave.api.v1alpha1.TenantCluster;
import dev.enclave.core.compliance.PolicyBundles;
import dev.enclave.core.controlplane.HostNames;
import dev.enclave.core.policy.PolicyBundleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Installs a tenant's policy bundles through its own API ({@link PolicyBundleBuilder}, applied by
 * {@link TenantPolicyApplier}) once its RBAC is in place. Never throws: the outcome is the {@code
 * PolicyReady} condition, in one line.
 */
final class TenantPolicies {
  private static final Logger LOG = LoggerFactory.getLogger(TenantPolicies.class);

  private final TenantPolicyApplier applier = new TenantPolicyApplier();

  /**
   * The state when the tenant API need not be called: no bundle declared, or an engine this
   * release does not install (the tenant's policies are then left as they are).
   */
  static Optional<TenantPolicyState> withoutTenantApi(TenantCluster tenant) {
    if (!TenantPolicyState.declares(tenant)) {
      return Optional.of(TenantPolicyState.NONE);
    }
    String engine = PolicyBundles.engine(tenant.getSpec().getPolicy().getEngine());
    if (PolicyBundles.VALIDATING_ADMISSION_POLICY.equals(engine)) {
      return Optional.empty();
    }
    return Optional.of(
        new TenantPolicyState(
            true,
            false,
            POLICY_ENGINE_NOT_INSTALLED,
            "policy engine \""
                + engine
                + "\" is not installed: this release installs policy bundles as"
                + " ValidatingAdmissionPolicies only (engine "
                + PolicyBundles.VALIDATING_ADMISSION_POLICY
                + ")"
                + builtOnly(engine)
                + "; bundles not enforced: "
                + String.join(", ", tenant.getSpec().getPolicy().getBundles())));
  }

  /** What the build does for an engine it does not install. */
  private static String builtOnly(String engine) {
    return engine.equals("gatekeeper")
        ? "; it renders them as Gatekeeper ConstraintTemplates, checked by gator verify in its"
            + " tests, but does not install Gatekeeper into a tenant"
        : "";
  }

  TenantPolicyState apply(TenantCluster tenant, Jurisdiction jurisdiction, KubernetesClient client) {
    try {
      int written = applier.apply(client, PolicyBundleBuilder.build(tenant, jurisdiction));
      if (written > 0) {
        LOG.info("{}: tenant policy objects written: {}", key(tenant), written);
      }
      return new TenantPolicyState(true, true, POLICIES_INSTALLED, installedMessage(tenant));
    } catch (RuntimeException e) {
      LOG.warn("{}: tenant policies not applied: {}", key(tenant), TenantAccess.oneLine(e));
      return TenantAccess.unreachable(e)
          ? new TenantPolicyState(
              true,
              false,
              TENANT_API_UNREACHABLE,
              "tenant API "
                  + HostNames.endpoint(tenant)
                  + " unreachable: "
                  + TenantAccess.oneLine(e))
          : new TenantPolicyState(
              true,
              false,
              POLICY_APPLY_FAILED,
              "policy bundles not applied: " + TenantAccess.oneLine(e));
    }
  }

  /** Which bundle is enforced by what, in the order the tenant declares them. */
  static String installedMessage(TenantCluster tenant) {
    List<String> installed = PolicyBundleBuilder.installed(tenant);
    List<String> parts = new ArrayList<>();
    if (!installed.isEmpty()) {
      parts.add(
          "enforced by the tenant API server as ValidatingAdmissionPolicies: "
              + String.join(", ", installed));
    }
    List<String> declared = tenant.getSpec().getPolicy().getBundles();
    if (declared.contains("pod-security")) {
      parts.add("pod-security by Pod Security Admission labels");
    }
    if (declared.contains("network-isolation")) {
      parts.add("network-isolation by the host's NetworkPolicies");
    }
    return String.join("; ", parts);
  }

  private static String key(TenantCluster tenant) {
    return tenant.getMetadata().getNamespace() + "/" + tenant.getMetadata().getName();
  }
}
