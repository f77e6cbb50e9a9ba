package dev.enclave.core.compliance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.enclave.core.model.Declared;
import dev.enclave.core.model.Platform;
import java.util.List;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ReferenceRulesTest {
  private final TestPlatform platform = TestPlatform.valid();

  @Test
  void a_valid_platform_has_no_dangling_references() {
    assertThat(platform.evaluate()).isEmpty();
  }

  @Test
  void a_tenant_in_a_misspelt_jurisdiction_is_told_which_exist() {
    platform.acme.getSpec().setJurisdiction("euu");

    assertThat(platform.evaluate())
        .extracting(Violation::describe)
        .containsExactly(
            "TenantCluster/acme: spec.jurisdiction: jurisdiction \"euu\" does not exist;"
                + " declared: eu, uk");
  }

  @Test
  void a_tenant_without_a_jurisdiction_is_told_it_is_required() {
    platform.acme.getSpec().setJurisdiction(null);

    assertThat(platform.evaluate())
        .extracting(Violation::describe)
        .containsExactly("TenantCluster/acme: spec.jurisdiction: spec.jurisdiction is required");
  }

  @Test
  void a_tenant_referring_to_a_missing_data_store_is_told_which_exist() {
    platform.beta.getSpec().getDataStore().setRef("eu-postgres-9");

    assertThat(platform.evaluate())
        .extracting(Violation::describe)
        .containsExactly(
            "TenantCluster/beta: spec.dataStore.ref: data store \"eu-postgres-9\" does not exist;"
                + " declared: eu-postgres-1, uk-postgres-1");
  }

  @Test
  void an_audit_sink_of_another_jurisdiction_is_not_allowed() {
    platform.acme.getSpec().getAudit().setSink("uk-siem");

    assertThat(platform.evaluate())
        .extracting(Violation::describe)
        .containsExactly(
            "TenantCluster/acme: spec.audit.sink: audit sink \"uk-siem\" is not allowed in"
                + " jurisdiction \"eu\"; allowed: eu-siem");
  }

  @Test
  void an_audit_section_without_a_sink_is_refused() {
    platform.acme.getSpec().getAudit().setSink(" ");

    assertThat(platform.evaluate())
        .extracting(Violation::describe)
        .containsExactly("TenantCluster/acme: spec.audit.sink: spec.audit.sink is required");
  }

  @Test
  void a_misspelt_backup_target_is_not_allowed() {
    platform.gamma.getSpec().getBackup().setTarget("uk-backup");

    assertThat(platform.evaluate())
        .extracting(Violation::describe)
        .containsExactly(
            "TenantCluster/gamma: spec.backup.target: backup target \"uk-backup\" is not allowed"
                + " in jurisdiction \"uk\"; allowed: uk-backups");
  }

  @Test
  void a_backup_target_in_a_jurisdiction_without_targets_says_none_declared() {
    platform.uk.getSpec().getBackupTargets().clear();

    assertThat(platform.evaluate())
        .extracting(Violation::message)
        .containsExactly(
            "backup target \"uk-backups\" is not allowed in jurisdiction \"uk\"; allowed: none"
                + " declared");
  }

  @Test
  void a_data_store_in_an_unknown_jurisdiction_is_refused() {
    platform.ukPostgres.getSpec().setJurisdiction("gb");

    assertThat(platform.evaluate())
        .extracting(Violation::describe)
        .contains(
            "DataStore/uk-postgres-1: spec.jurisdiction: jurisdiction \"gb\" does not exist;"
                + " declared: eu, uk");
  }

  @Test
  void a_grant_for_a_tenant_of_another_namespace_is_refused() {
    platform.incident.getSpec().setTenantCluster("gamma");

    assertThat(platform.evaluate())
        .extracting(Violation::describe)
        .containsExactly(
            "AccessGrant/incident-4711: spec.tenantCluster: tenant cluster \"gamma\" does not"
                + " exist in namespace \"tenants-eu\"; declared: acme, beta");
  }

  @Test
  void a_grant_for_a_tenant_of_its_own_namespace_is_accepted() {
    platform.incident.getSpec().setTenantCluster("beta");

    assertThat(platform.evaluate()).isEmpty();
  }

  @Test
  void a_reference_when_nothing_is_declared_says_so() {
    Platform platform =
        new Platform(
            List.of(),
            List.of(),
            List.of(Declared.live(Fixtures.tenant("tenants-eu", "acme", "eu"))),
            List.of());

    assertThat(ComplianceRules.evaluate(platform))
        .extracting(Violation::describe)
        .contains(
            "TenantCluster/acme: spec.jurisdiction: jurisdiction \"eu\" does not exist;"
                + " none is declared");
  }
}
