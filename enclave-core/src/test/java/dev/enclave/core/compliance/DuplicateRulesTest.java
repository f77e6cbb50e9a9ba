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
class DuplicateRulesTest {
  private final TestPlatform platform = TestPlatform.valid();

  @Test
  void a_second_tenant_of_the_same_namespace_and_name_is_refused_naming_the_first_file() {
    TenantCluster first = Fixtures.tenant("tenants-eu", "delta", "eu");
    TenantCluster second = Fixtures.tenant("tenants-eu", "delta", "eu");
    Platform withFiles =
        new Platform(
            List.of(Declared.live(platform.eu)),
            List.of(),
            List.of(
                new Declared<>(first, new SourceLocation("tenants/delta.yaml", 1), Map.of()),
                new Declared<>(second, new SourceLocation("tenants/copy.yaml", 4), Map.of())),
            List.of());

    assertThat(ComplianceRules.evaluate(withFiles))
        .extracting(Violation::format)
        .containsExactly(
            "tenants/copy.yaml:4: TenantCluster/delta: metadata.name: duplicate TenantCluster"
                + " \"tenants-eu/delta\"; first declared at tenants/delta.yaml:1");
  }

  @Test
  void a_second_jurisdiction_of_the_same_name_is_refused() {
    platform.jurisdictions.add(Fixtures.jurisdiction("eu"));

    assertThat(platform.evaluate())
        .extracting(Violation::describe)
        .containsExactly(
            "Jurisdiction/eu: metadata.name: duplicate Jurisdiction \"eu\"; first declared"
                + " earlier");
  }

  @Test
  void tenants_of_the_same_name_in_different_namespaces_are_accepted() {
    platform.tenants.add(Fixtures.tenant("tenants-uk", "acme", "uk"));

    assertThat(platform.evaluate()).isEmpty();
  }

  @Test
  void objects_of_different_kinds_may_share_a_name() {
    platform.dataStores.add(Fixtures.dataStore("eu", "eu"));

    assertThat(platform.evaluate()).isEmpty();
  }
}
