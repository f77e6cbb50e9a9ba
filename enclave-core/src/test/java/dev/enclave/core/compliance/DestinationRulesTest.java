package dev.enclave.core.compliance;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class DestinationRulesTest {
  private final TestPlatform platform = TestPlatform.valid();

  @Test
  void https_audit_sinks_and_backup_targets_with_distinct_names_are_accepted() {
    platform.eu.getSpec().getAuditSinks().add(Fixtures.sink("eu-soc", "https://soc.eu"));
    platform.eu.getSpec().getBackupTargets().add(Fixtures.target("eu-dr", "https://s3.dr.eu"));

    assertThat(platform.evaluate()).isEmpty();
  }

  @Test
  void an_audit_sink_over_plain_http_is_refused() {
    platform.eu.getSpec().getAuditSinks().get(0).setUrl("http://siem.eu");

    assertThat(platform.evaluate())
        .extracting(Violation::describe)
        .containsExactly(
            "Jurisdiction/eu: spec.auditSinks[0].url: audit sink url \"http://siem.eu\" is not"
                + " https; allowed: https:// URLs only");
  }

  @Test
  void a_second_audit_sink_of_the_same_name_is_refused() {
    platform.eu.getSpec().getAuditSinks().add(Fixtures.sink("eu-siem", "https://other.eu"));

    assertThat(platform.evaluate())
        .extracting(Violation::describe)
        .containsExactly(
            "Jurisdiction/eu: spec.auditSinks[1].name: audit sink name \"eu-siem\" is already used"
                + " by spec.auditSinks[0]");
  }

  @Test
  void a_second_backup_target_of_the_same_name_is_refused() {
    platform.uk.getSpec().getBackupTargets().add(Fixtures.target("uk-backups", "https://s3.b"));

    assertThat(platform.evaluate())
        .extracting(Violation::describe)
        .containsExactly(
            "Jurisdiction/uk: spec.backupTargets[1].name: backup target name \"uk-backups\" is"
                + " already used by spec.backupTargets[0]");
  }

  @Test
  void a_backup_target_over_plain_http_is_refused() {
    platform.uk.getSpec().getBackupTargets().get(0).getS3().setEndpoint("http://s3.uk");

    assertThat(platform.evaluate())
        .extracting(Violation::describe)
        .containsExactly(
            "Jurisdiction/uk: spec.backupTargets[0].s3.endpoint: s3 endpoint \"http://s3.uk\" is"
                + " not https; allowed: https:// URLs only");
  }

  @Test
  void a_backup_target_with_neither_s3_nor_path_is_refused() {
    platform.uk.getSpec().getBackupTargets().get(0).setS3(null);

    assertThat(platform.evaluate())
        .extracting(Violation::describe)
        .containsExactly(
            "Jurisdiction/uk: spec.backupTargets[0]: neither s3 nor path is set; set exactly one of"
                + " them");
  }

  @Test
  void a_backup_target_with_both_s3_and_path_is_refused() {
    platform.uk.getSpec().getBackupTargets().get(0).setPath("/var/backups/uk");

    assertThat(platform.evaluate())
        .extracting(Violation::describe)
        .containsExactly(
            "Jurisdiction/uk: spec.backupTargets[0]: both s3 and path are set; set exactly one of"
                + " them");
  }

  @Test
  void a_backup_target_in_an_absolute_directory_is_accepted() {
    platform.uk.getSpec().getBackupTargets().get(0).setS3(null);
    platform.uk.getSpec().getBackupTargets().get(0).setPath("/var/backups/uk");

    assertThat(platform.evaluate()).isEmpty();
  }

  @Test
  void a_backup_target_in_a_relative_directory_is_refused() {
    platform.uk.getSpec().getBackupTargets().get(0).setS3(null);
    platform.uk.getSpec().getBackupTargets().get(0).setPath("backups/uk");

    assertThat(platform.evaluate())
        .extracting(Violation::describe)
        .containsExactly(
            "Jurisdiction/uk: spec.backupTargets[0].path: backup directory \"backups/uk\" is"
                + " relative; allowed: an absolute path");
  }
}
