package dev.enclave.core.evidence;

import java.time.Duration;
import java.util.Optional;

/**
 * The interval of a simple cron schedule, to say how far back a number of kept backups reaches.
 * Only the common shapes are understood (every N minutes or hours, at fixed hours daily, weekly,
 * monthly); anything else is unknown rather than guessed.
 */
final class BackupIntervals {
  private BackupIntervals() {}

  static Optional<Duration> of(String schedule) {
    if (schedule == null) {
      return Optional.empty();
    }
    String[] f = schedule.trim().split("\\s+");
    if (f.length != 5 || !"*".equals(f[3])) {
      return Optional.empty();
    }
    String minute = f[0];
    String hour = f[1];
    String dayOfMonth = f[2];
    String dayOfWeek = f[4];
    if (!"*".equals(dayOfMonth)) {
      return isNumber(dayOfMonth) && "*".equals(dayOfWeek) ? days(30) : Optional.empty();
    }
    if (!"*".equals(dayOfWeek)) {
      return isNumber(dayOfWeek) && isNumber(hour) ? days(7) : Optional.empty();
    }
    if (hour.startsWith("*/") && isNumber(hour.substring(2)) && isNumber(minute)) {
      return Optional.of(Duration.ofHours(Long.parseLong(hour.substring(2))));
    }
    if (isNumberList(hour) && isNumber(minute)) {
      return Optional.of(Duration.ofMinutes(24 * 60 / hour.split(",").length));
    }
    if ("*".equals(hour) && isNumber(minute)) {
      return Optional.of(Duration.ofHours(1));
    }
    if ("*".equals(hour) && minute.startsWith("*/") && isNumber(minute.substring(2))) {
      return Optional.of(Duration.ofMinutes(Long.parseLong(minute.substring(2))));
    }
    return Optional.empty();
  }

  /** Days covered by {@code retention} backups taken on {@code schedule}, or null if unknown. */
  static Double retentionDays(String schedule, Integer retention) {
    if (retention == null) {
      return null;
    }
    return of(schedule).map(d -> Math.round(d.toMinutes() * retention / 144.0) / 10.0).orElse(null);
  }

  private static Optional<Duration> days(int n) {
    return Optional.of(Duration.ofDays(n));
  }

  private static boolean isNumber(String s) {
    return !s.isEmpty() && s.chars().allMatch(Character::isDigit);
  }

  private static boolean isNumberList(String s) {
    for (String part : s.split(",")) {
      if (!isNumber(part)) {
        return false;
      }
    }
    return true;
  }
}
