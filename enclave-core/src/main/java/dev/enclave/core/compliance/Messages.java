package dev.enclave.core.compliance;

import java.util.Collection;
import java.util.Objects;
import java.util.stream.Collectors;

/** Wording shared by every rule, so that all messages quote and list values the same way. */
public final class Messages {
  private Messages() {}

  /** A found value in double quotes, e.g. {@code "us-fast"}. */
  public static String quote(String value) {
    return "\"" + value + "\"";
  }

  /** Allowed values comma-separated in declaration order, or "none declared". */
  public static String list(Collection<String> values) {
    if (values == null || values.isEmpty()) {
      return "none declared";
    }
    return values.stream().map(String::valueOf).collect(Collectors.joining(", "));
  }

  /** {@code "; declared: a, b"}, or {@code "; none is declared"} when there is nothing. */
  static String declared(Collection<String> names) {
    return names == null || names.isEmpty() ? "; none is declared" : "; declared: " + list(names);
  }

  /** {@code WHAT "value" is not allowed in jurisdiction "eu"; allowed: a, b}. */
  static String notAllowedIn(
      String what, String value, String jurisdiction, Collection<String> allowed) {
    return what
        + " "
        + quote(value)
        + " is not allowed in jurisdiction "
        + quote(jurisdiction)
        + "; allowed: "
        + list(allowed);
  }

  /** {@code WHAT "value" is not known; allowed: a, b}. */
  static String unknown(String what, String value, Collection<String> allowed) {
    return what + " " + quote(value) + " is not known; allowed: " + list(allowed);
  }

  /** {@code PATH is required}. */
  static String required(String fieldPath) {
    return fieldPath + " is required";
  }

  static boolean isBlank(String value) {
    return value == null || value.isBlank();
  }

  static boolean contains(Collection<String> values, String value) {
    return values != null && values.stream().anyMatch(v -> Objects.equals(v, value));
  }
}
