package dev.enclave.core.compliance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.enclave.api.v1alpha1.EmbeddedDataStore;
import java.util.List;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class TenantClusterRulesTest {
  private final TestPlatform platform = TestPlatform.valid();

  @Test
  void a_tenant_with_both_an_embedded_and_a_shared_store_is_refused() {
    platform.beta.getSpec().getDataStore().setEmbedded(new EmbeddedDataStore());

    assertThat(platform.evaluate())
        .extracting(Violation::describe)
        .containsExactly(
            "TenantCluster/beta: spec.dataStore: both embedded and ref are set; set exactly one"
                + " of them");
  }

  @Test
  void a_tenant_with_an_empty_data_store_binding_is_refused() {
    platform.beta.getSpec().getDataStore().setRef(null);

    assertThat(platform.evaluate())
        .extracting(Violation::describe)
        .containsExactly(
            "TenantCluster/beta: spec.dataStore: neither embedded nor ref is set; set exactly one"
                + " of them");
  }

  @Test
  void a_tenant_without_a_data_store_is_refused() {
    platform.acme.getSpec().setDataStore(null);

    assertThat(platform.evaluate())
        .extracting(Violation::describe)
        .containsExactly(
            "TenantCluster/acme: spec.dataStore: spec.dataStore is required: set exactly one of"
                + " embedded or ref");
  }

  @ParameterizedTest
  @ValueSource(strings = {"5Gi", "500M", "1.5Ti", "10e9", "2147483648"})
  void an_embedded_store_of_a_real_size_is_accepted(String size) {
    platform.acme.getSpec().getDataStore().getEmbedded().setSize(size);

    assertThat(platform.evaluate()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"5GB", "5gi", "-5Gi", "+5Gi", "1.2.3Gi", "Gi", "5 Gi", "0", "five"})
  void an_embedded_store_of_a_malformed_or_empty_size_is_refused(String size) {
    platform.acme.getSpec().getDataStore().getEmbedded().setSize(size);

    assertThat(platform.evaluate())
        .extracting(Violation::describe)
        .containsExactly(
            "TenantCluster/acme: spec.dataStore.embedded.size: size \""
                + size
                + "\" is not a positive quantity; expected "
                + Quantities.EXPECTED);
  }

  @Test
  void a_privileged_tenant_is_refused_and_told_the_allowed_levels() {
    platform.acme.getSpec().getIsolation().setPodSecurity("privileged");

    assertThat(platform.evaluate())
        .extracting(Violation::describe)
        .containsExactly(
            "TenantCluster/acme: spec.isolation.podSecurity: pod security level \"privileged\" is"
                + " refused: tenant workloads could escape to the host; allowed: baseline,"
                + " restricted");
  }

  @Test
  void an_unknown_pod_security_level_is_refused() {
    platform.acme.getSpec().getIsolation().setPodSecurity("strict");

    assertThat(platform.evaluate())
        .extracting(Violation::message)
        .containsExactly(
            "pod security level \"strict\" is not known; allowed: baseline, restricted");
  }

  @Test
  void a_baseline_tenant_is_accepted() {
    platform.acme.getSpec().getIsolation().setPodSecurity("baseline");

    assertThat(platform.evaluate()).isEmpty();
  }

  @Test
  void an_unknown_policy_engine_is_refused() {
    platform.acme.getSpec().getPolicy().setEngine("opa");

    assertThat(platform.evaluate())
        .extracting(Violation::describe)
        .containsExactly(
            "TenantCluster/acme: spec.policy.engine: policy engine \"opa\" is not known; allowed:"
                + " validating-admission-policy, kyverno, gatekeeper");
  }

  @Test
  void a_policy_without_an_engine_is_accepted_as_validating_admission_policy() {
    platform.acme.getSpec().getPolicy().setEngine(null);

    assertThat(platform.evaluate()).isEmpty();
    assertThat(PolicyBundles.engine(null)).isEqualTo("validating-admission-policy");
  }

  @Test
  void an_empty_policy_engine_is_refused_rather_than_defaulted() {
    platform.acme.getSpec().getPolicy().setEngine("");

    assertThat(platform.evaluate())
        .extracting(Violation::message)
        .containsExactly(
            "policy engine \"\" is not known; allowed: validating-admission-policy, kyverno,"
                + " gatekeeper");
  }

  @Test
  void an_unknown_policy_bundle_is_refused_at_its_index() {
    platform.acme.getSpec().getPolicy().setBundles(List.of("residency", "sboms", "pod-security"));

    assertThat(platform.evaluate())
        .extracting(Violation::describe)
        .containsExactly(
            "TenantCluster/acme: spec.policy.bundles[1]: policy bundle \"sboms\" is not known;"
                + " allowed: residency, image-provenance, sbom, pod-security, network-isolation");
  }

  @Test
  void gatekeeper_with_every_known_bundle_is_accepted() {
    platform.acme.getSpec().getPolicy().setEngine("gatekeeper");
    platform.acme.getSpec().getPolicy().setBundles(PolicyBundles.KNOWN);

    assertThat(platform.evaluate()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 3, 5, 7})
  void one_or_an_odd_number_of_control_plane_replicas_up_to_seven_is_accepted(int replicas) {
    platform.acme.getSpec().getControlPlane().setReplicas(replicas);

    assertThat(platform.evaluate()).isEmpty();
  }

  @Test
  void an_even_number_of_replicas_is_refused_with_the_quorum_reason() {
    platform.acme.getSpec().getControlPlane().setReplicas(4);

    assertThat(platform.evaluate())
        .extracting(Violation::describe)
        .containsExactly(
            "TenantCluster/acme: spec.controlPlane.replicas: replicas 4 is even: etcd needs a"
                + " majority of members for quorum, so 4 members survive no more failures than 3;"
                + " allowed: 1, 3, 5, 7");
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -1, 9})
  void replicas_out_of_range_are_refused(int replicas) {
    platform.acme.getSpec().getControlPlane().setReplicas(replicas);

    assertThat(platform.evaluate())
        .extracting(Violation::message)
        .containsExactly("replicas " + replicas + " is out of range; allowed: 1 to 7");
  }

  @Test
  void a_tenant_without_a_control_plane_section_gets_the_default_and_is_accepted() {
    platform.acme.getSpec().setControlPlane(null);

    assertThat(platform.evaluate()).isEmpty();
  }
}
