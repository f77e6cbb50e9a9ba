package dev.enclave.operator.backup;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import dev.enclave.datastore.backup.BackupRefusedException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/**
 * A tenant's {@code spec.backup.schedule}: a five-field Unix cron expression evaluated in UTC.
 * Pure: the caller passes the times, so tests are exact.
 */
public final class BackupSchedule {
  private static final CronParser PARSER =
      new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

  private final String expression;
  private final ExecutionTime execution;

  private BackupSchedule(String expression, ExecutionTime execution) {
    this.expression = expression;
    this.execution = execution;
  }

  /** Parses {@code expression}, refusing one that is not a cron expression; {@code who} names the tenant. */
  public static BackupSchedule parse(String expression, String who) {
    try {
      return new BackupSchedule(expression, ExecutionTime.forCron(PARSER.parse(expression).validate()));
    } catch (IllegalArgumentException e) {
      throw new BackupRefusedException(
          who + ": spec.backup.schedule: \"" + expression + "\" is not a cron expression; allowed: five"
              + " fields, minute hour day-of-month month day-of-week, e.g. \"0 */6 * * *\"");
    }
  }

  /** The first scheduled time strictly after {@code t}. */
  public Instant nextAfter(Instant t) {
    return execution
        .nextExecution(ZonedDateTime.ofInstant(t, ZoneOffset.UTC))
        .map(ZonedDateTime::toInstant)
        .orElseThrow(() -> new IllegalStateException("schedule \"" + expression + "\" has no next time after " + t));
  }

  /**
   * Whether a backup is due at {@code now}: a scheduled time has passed since {@code since} (the
   * last attempt, or the tenant's creation before the first).
   */
  public boolean due(Instant since, Instant now) {
    return !nextAfter(since).isAfter(now);
  }

  /** The {@code n}th scheduled time after {@code t}: when a backup taken at {@code t} falls out of retention n. */
  public Instant nthAfter(Instant t, int n) {
    Instant at = t;
    for (int i = 0; i < n; i++) {
      at = nextAfter(at);
    }
    return at;
  }

  @Override
  public String toString() {
    return expression;
  }
}
