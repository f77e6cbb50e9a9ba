package dev.enclave.core.compliance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.enclave.api.v1alpha1.TenantCluster;
import dev.enclave.core.model.Declared;
import dev.enclave.core.model.Platform;
import dev.enclave.core.model.SourceLocation;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ComplianceRulesTest {
  private final TestPlatform platform = TestPlatform.valid();

  @Test
  void the_valid_platform_of_two_jurisdictions_three_tenants_and_a_grant_has_no_violations() {
    assertThat(platform.evaluate()).isEmpty();
  }

  @Test
  void an_empty_platform_has_no_violations() {
    assertThat(ComplianceRules.evaluate(Platform.empty())).isEmpty();
  }

  @Test
  void violations_point_at_the_line_of_the_field_or_its_nearest_written_parent() {
    TenantCluster acme = platform.acme;
    acme.getSpec().getAudit().setSink("uk-siem");
    acme.getSpec().getPolicy().getBundles().set(1, "sboms");
    Declared<TenantCluster> fromFile =
        new Declared<>(
            acme,
            new SourceLocation("tenants/acme.yaml", 1),
            Map.of("spec.audit", 12, "spec.audit.sink", 13, "spec.policy.bundles", 20));

    List<Violation> violations =
        ComplianceRules.evaluate(
            new Platform(
                List.of(Declared.live(platform.eu)), List.of(), List.of(fromFile), List.of()));

    assertThat(violations)
        .extracting(Violation::format)
        .containsExactly(
            "tenants/acme.yaml:13: TenantCluster/acme: spec.audit.sink: audit sink \"uk-siem\" is"
                + " not allowed in jurisdiction \"eu\"; allowed: eu-siem",
            "tenants/acme.yaml:20: TenantCluster/acme: spec.policy.bundles[1]: policy bundle"
                + " \"sboms\" is not known; allowed: residency, image-provenance, sbom,"
                + " pod-security, network-isolation");
  }

  @Test
  void violations_are_sorted_and_each_reported_once() {
    platform.gamma.getSpec().setJurisdiction("gb");
    platform.acme.getSpec().getIsolation().setPodSecurity("privileged");
    platform.eu.getSpec().setRegistries(List.of());

    List<Violation> violations = platform.evaluate();

    assertThat(violations).isSortedAccordingTo(Violation.ORDER).doesNotHaveDuplicates();
    assertThat(violations)
        .extracting(Violation::object)
        .containsExactly("Jurisdiction/eu", "TenantCluster/acme", "TenantCluster/gamma");
  }

  @Test
  void for_object_keeps_only_the_violations_of_that_object() {
    platform.acme.getSpec().getIsolation().setPodSecurity("privileged");
    platform.beta.getSpec().getIsolation().setPodSecurity("privileged");
    platform.tenants.add(Fixtures.tenant("tenants-uk", "acme", "uk"));
    platform.tenants.get(3).getSpec().getIsolation().setPodSecurity("privileged");

    List<Violation> violations = platform.evaluate();

    assertThat(ComplianceRules.forObject(violations, platform.acme))
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.namespace()).isEqualTo("tenants-eu");
              assertThat(v.name()).isEqualTo("acme");
              assertThat(v.fieldPath()).isEqualTo("spec.isolation.podSecurity");
            });
    assertThat(ComplianceRules.forObject(violations, platform.gamma)).isEmpty();
  }
}
