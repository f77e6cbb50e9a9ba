package dev.enclave.operator.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.enclave.datastore.backup.BackupRefusedException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** spec.backup.schedule: five-field cron in UTC, when a backup is due, when a deleted tenant's backups expire. */
class BackupScheduleTest {
  private final BackupSchedule sixHourly = BackupSchedule.parse("0 */6 * * *", "TenantCluster tenants-eu/acme");

  @Test
  void theNextTimeIsTheNextSixHourBoundaryInUtc() {
    assertThat(sixHourly.nextAfter(Instant.parse("2026-12-07T01:42:10Z"))).isEqualTo(Instant.parse("2026-12-07T06:00:00Z"));
    assertThat(sixHourly.nextAfter(Instant.parse("2026-12-07T06:00:00Z"))).isEqualTo(Instant.parse("2026-12-07T12:00:00Z"));
  }

  @Test
  void aBackupIsDueOnceAScheduledTimeHasPassedSinceTheLastAttempt() {
    Instant last = Instant.parse("2026-12-07T00:00:05Z");

    assertThat(sixHourly.due(last, Instant.parse("2026-12-07T05:59:59Z"))).isFalse();
    assertThat(sixHourly.due(last, Instant.parse("2026-12-07T06:00:00Z"))).isTrue();
  }

  @Test
  void theNthScheduledTimeIsWhenABackupLeavesARetentionOfN() {
    assertThat(sixHourly.nthAfter(Instant.parse("2026-12-07T01:00:00Z"), 14)).isEqualTo(Instant.parse("2026-12-10T12:00:00Z"));
  }

  @Test
  void anExpressionThatIsNotCronIsRefusedNamingTheFieldAndTheForm() {
    assertThatThrownBy(() -> BackupSchedule.parse("every six hours", "TenantCluster tenants-eu/acme"))
        .isInstanceOf(BackupRefusedException.class)
        .hasMessage(
            "TenantCluster tenants-eu/acme: spec.backup.schedule: \"every six hours\" is not a cron expression;"
                + " allowed: five fields, minute hour day-of-month month day-of-week, e.g. \"0 */6 * * *\"");
  }
}
