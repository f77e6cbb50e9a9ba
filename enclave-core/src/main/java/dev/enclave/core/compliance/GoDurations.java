package dev.enclave.core.compliance;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses Go-style durations such as {@code 90m}, {@code 2h}, {@code 1h30m} or {@code 1.5h}. */
public final class GoDurations {
  private static final Pattern WHOLE =
      Pattern.compile("^[-+]?((\\d+(\\.\\d*)?|\\.\\d+)[a-zµμ]+)+$");
  private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)([a-zµμ]+)");
  private static final Map<String, Long> NANOS_PER_UNIT =
      Map.of(
          "ns", 1L,
          "us", 1_000L,
          "µs", 1_000L,
          "μs", 1_000L,
          "ms", 1_000_000L,
          "s", 1_000_000_000L,
          "m", 60_000_000_000L,
          "h", 3_600_000_000_000L);

  private GoDurations() {}

  /** The duration, or empty when the text is not a Go duration ("0" alone is zero, as in Go). */
  public static Optional<Duration> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    if (text.equals("0") || text.equals("+0") || text.equals("-0")) {
      return Optional.of(Duration.ZERO);
    }
    if (!WHOLE.matcher(text).matches()) {
      return Optional.empty();
    }
    BigDecimal nanos = BigDecimal.ZERO;
    Matcher part = PART.matcher(text);
    while (part.find()) {
      Long unit = NANOS_PER_UNIT.get(part.group(2));
      if (unit == null) {
        return Optional.empty();
      }
      nanos = nanos.add(new BigDecimal(part.group(1)).multiply(BigDecimal.valueOf(unit)));
    }
    if (nanos.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
      return Optional.empty();
    }
    Duration duration = Duration.ofNanos(nanos.setScale(0, RoundingMode.DOWN).longValueExact());
    return Optional.of(text.startsWith("-") ? duration.negated() : duration);
  }
}
