package dev.enclave.operator.backup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.enclave.api.v1alpha1.BackupStatus;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** BackupHealthy: Unknown before the first backup, True with the last success and its age, False with the failure. */
class BackupHealthTest {
  private static final Instant NOW = Instant.parse("2026-12-07T09:30:00Z");

  @Test
  void beforeTheFirstBackupItIsUnknown() {
    Condition c = BackupHealth.of(new BackupStatus(), NOW, 3L);

    assertThat(c.getStatus()).isEqualTo("Unknown");
    assertThat(c.getReason()).isEqualTo("NoBackupYet");
    assertThat(c.getObservedGeneration()).isEqualTo(3L);
  }

  @Test
  void afterASuccessItIsTrueWithTheLastBackupAndItsAge() {
    Condition c = BackupHealth.of(success(), NOW, 3L);

    assertThat(c.getStatus()).isEqualTo("True");
    assertThat(c.getMessage())
        .isEqualTo("last backup 20261207t060000z-0a1b2c3d at 2026-12-07T06:00:00Z (3h ago)");
  }

  @Test
  void afterAFailureItIsFalseWithTheFailureAndTheLastSuccess() {
    BackupStatus status = success();
    status.setLastFailure("etcd 127.0.0.1:2379 did not answer");

    Condition c = BackupHealth.of(status, NOW, 3L);

    assertThat(c.getStatus()).isEqualTo("False");
    assertThat(c.getReason()).isEqualTo("BackupFailed");
    assertThat(c.getMessage())
        .isEqualTo("etcd 127.0.0.1:2379 did not answer; last backup 20261207t060000z-0a1b2c3d at"
            + " 2026-12-07T06:00:00Z (3h ago)");
  }

  @Test
  void theAgeIsCoarseSoTheConditionRarelyChanges() {
    Instant then = Instant.parse("2026-12-07T00:00:00Z");
    assertThat(BackupHealth.age(then, then.plusSeconds(59 * 60))).isEqualTo("under an hour");
    assertThat(BackupHealth.age(then, then.plusSeconds(5 * 3600 + 59 * 60))).isEqualTo("5h");
    assertThat(BackupHealth.age(then, then.plusSeconds(3 * 86400 + 5))).isEqualTo("3d");
  }

  private static BackupStatus success() {
    BackupStatus status = new BackupStatus();
    status.setLastBackupId("20261207t060000z-0a1b2c3d");
    status.setLastSuccessTime("2026-12-07T06:00:00Z");
    return status;
  }
}
