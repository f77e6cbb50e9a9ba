package dev.enclave.operator.backup;

import dev.enclave.api.v1alpha1.BackupStatus;
import dev.enclave.operator.status.Conditions;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Duration;
import java.time.Instant;

/**
 * The {@code BackupHealthy} condition from a tenant's backup status: True with the last success and
 * its age, False with the last failure, Unknown before the first backup. Pure.
 */
public final class BackupHealth {
  public static final String TYPE = "BackupHealthy";
  public static final String SUCCEEDED = "BackupSucceeded";
  public static final String FAILED = "BackupFailed";
  public static final String NO_BACKUP_YET = "NoBackupYet";

  private BackupHealth() {}

  public static Condition of(BackupStatus status, Instant now, Long generation) {
    if (status == null || (status.getLastSuccessTime() == null && status.getLastFailure() == null)) {
      return new ConditionBuilder(Conditions.of(TYPE, false, NO_BACKUP_YET, "no backup has been taken yet", generation))
          .withStatus(Conditions.UNKNOWN)
          .build();
    }
    String success =
        status.getLastSuccessTime() == null
            ? "no backup has succeeded yet"
            : "last backup " + status.getLastBackupId() + " at " + status.getLastSuccessTime() + " ("
                + age(Instant.parse(status.getLastSuccessTime()), now) + " ago)";
    if (status.getLastFailure() != null) {
      return Conditions.of(TYPE, false, FAILED, status.getLastFailure() + "; " + success, generation);
    }
    return Conditions.of(TYPE, true, SUCCEEDED, success, generation);
  }

  /**
   * A coarse age (under an hour, then hours, then days): the message, and so the status, changes
   * at most once an hour between backups.
   */
  public static String age(Instant then, Instant now) {
    Duration d = Duration.between(then, now);
    if (d.isNegative()) {
      d = Duration.ZERO;
    }
    if (d.toHours() < 1) {
      return "under an hour";
    }
    if (d.toDays() < 1) {
      return d.toHours() + "h";
    }
    return d.toDays() + "d";
  }
}
