package dev.enclave.operator.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import dev.enclave.api.v1alpha1.TenantCluster;
import dev.enclave.operator.Fixtures;
import org.junit.jupiter.api.Test;

/** An engine this release does not install is reported without calling the tenant's API. */
class TenantPolicyEngineTest {

  @Test
  void whenTheEngineIsGatekeeper_thenPolicyReadySaysTheBundlesAreRenderedButNotInstalled() {
    TenantCluster acme = Fixtures.acme();
    acme.getSpec().getPolicy().setEngine("gatekeeper");

    TenantPolicyState state = TenantPolicies.withoutTenantApi(acme).orElseThrow();

    assertThat(state.ready()).isFalse();
    assertThat(state.reason()).isEqualTo("PolicyEngineNotInstalled");
    assertThat(state.message())
        .isEqualTo(
            "policy engine \"gatekeeper\" is not installed: this release installs policy bundles"
                + " as ValidatingAdmissionPolicies only (engine validating-admission-policy); it"
                + " renders them as Gatekeeper ConstraintTemplates, checked by gator verify in its"
                + " tests, but does not install Gatekeeper into a tenant; bundles not enforced:"
                + " residency, image-provenance, sbom");
  }

  @Test
  void whenTheEngineIsTheDefault_thenTheTenantApiIsNeeded() {
    assertThat(TenantPolicies.withoutTenantApi(Fixtures.acme())).isEmpty();
  }
}
