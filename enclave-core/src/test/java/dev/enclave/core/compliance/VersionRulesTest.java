package dev.enclave.core.compliance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class VersionRulesTest {
  private final TestPlatform platform = TestPlatform.valid();

  @Test
  void a_patch_release_of_an_allowed_minor_is_accepted() {
    platform.acme.getSpec().setKubernetesVersion("1.36.1");

    assertThat(platform.evaluate()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"1.37", "v1.37.2", "1.37.2-rc.0", "latest"})
  void a_version_that_is_not_exact_is_told_the_expected_form(String version) {
    platform.acme.getSpec().setKubernetesVersion(version);

    assertThat(platform.evaluate())
        .extracting(Violation::describe)
        .containsExactly(
            "TenantCluster/acme: spec.kubernetesVersion: kubernetes version \""
                + version
                + "\" is not an exact version; expected MAJOR.MINOR.PATCH, e.g. \"1.37.2\"");
  }

  @Test
  void a_tenant_without_a_version_is_told_it_is_required() {
    platform.acme.getSpec().setKubernetesVersion(null);

    assertThat(platform.evaluate())
        .extracting(Violation::message)
        .containsExactly("spec.kubernetesVersion is required");
  }

  @Test
  void a_minor_the_jurisdiction_does_not_allow_is_refused() {
    platform.acme.getSpec().setKubernetesVersion("1.35.4");

    assertThat(platform.evaluate())
        .extracting(Violation::message)
        .containsExactly(
            "kubernetes version \"1.35.4\" (minor 1.35) is not allowed in jurisdiction \"eu\";"
                + " allowed: 1.36, 1.37");
  }

  @Test
  void a_held_version_is_refused() {
    platform.acme.getSpec().setKubernetesVersion("1.37.1");

    assertThat(platform.evaluate())
        .extracting(Violation::message)
        .containsExactly(
            "kubernetes version \"1.37.1\" is held back in jurisdiction \"eu\"; held: 1.37.1;"
                + " choose another patch release of 1.37");
  }

  @Test
  void a_jurisdiction_listing_exact_versions_as_allowed_is_refused() {
    platform.eu.getSpec().getKubernetesVersions().setAllowed(List.of("1.36.0", "1.37"));

    assertThat(platform.evaluate())
        .extracting(Violation::describe)
        .containsExactly(
            "Jurisdiction/eu: spec.kubernetesVersions.allowed[0]: allowed version \"1.36.0\" is"
                + " not a minor version; expected MAJOR.MINOR, e.g. \"1.37\"");
  }

  @Test
  void a_jurisdiction_holding_a_whole_minor_is_refused() {
    platform.uk.getSpec().getKubernetesVersions().setHeld(List.of("1.37"));

    assertThat(platform.evaluate())
        .extracting(Violation::describe)
        .containsExactly(
            "Jurisdiction/uk: spec.kubernetesVersions.held[0]: held version \"1.37\" is not an"
                + " exact version; expected MAJOR.MINOR.PATCH, e.g. \"1.37.1\"");
  }

  @Test
  void a_jurisdiction_without_allowed_versions_is_refused_and_its_tenants_told_none_declared() {
    platform.uk.getSpec().setKubernetesVersions(null);

    assertThat(platform.evaluate())
        .extracting(Violation::describe)
        .containsExactly(
            "Jurisdiction/uk: spec.kubernetesVersions.allowed: spec.kubernetesVersions.allowed is"
                + " required: no tenant cluster could run without an allowed minor version, e.g."
                + " \"1.37\"",
            "TenantCluster/gamma: spec.kubernetesVersion: kubernetes version \"1.37.2\" (minor"
                + " 1.37) is not allowed in jurisdiction \"uk\"; allowed: none declared");
  }
}
