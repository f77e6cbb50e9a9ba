package dev.enclave.core.policy;

import java.util.Collection;
import java.util.stream.Collectors;

/** CEL literals for values baked into policy expressions: any string is quoted and escaped. */
final class CelLiterals {
  private CelLiterals() {}

  /** A double-quoted CEL string literal that evaluates to exactly {@code value}. */
  static String string(String value) {
    StringBuilder out = new StringBuilder(value.length() + 2).append('"');
    value
        .codePoints()
        .forEach(
            c -> {
              switch (c) {
                case '\\' -> out.append("\\\\");
                case '"' -> out.append("\\\"");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                  if (c < 0x20 || c == 0x7f) {
                    out.append(String.format("\\u%04x", c));
                  } else {
                    out.appendCodePoint(c);
                  }
                }
              }
            });
    return out.append('"').toString();
  }

  /** A CEL list of string literals, in the given order. */
  static String list(Collection<String> values) {
    return values.stream().map(CelLiterals::string).collect(Collectors.joining(", ", "[", "]"));
  }
}
