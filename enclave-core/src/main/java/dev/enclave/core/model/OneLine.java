package dev.enclave.core.model;

/**
 * Keeps a finding on one printed line: {@code enclavectl check} prints one line per finding and
 * the webhook one line per reason, so a name or value holding a line break or another control
 * character is shown escaped ({@code \n}, {@code \u0000}) instead of starting a line of its own.
 */
public final class OneLine {
  private OneLine() {}

  public static String of(String text) {
    if (text == null || text.codePoints().noneMatch(OneLine::breaks)) {
      return text;
    }
    StringBuilder line = new StringBuilder(text.length() + 8);
    text.codePoints()
        .forEach(
            c -> {
              if (c == '\n') {
                line.append("\\n");
              } else if (c == '\r') {
                line.append("\\r");
              } else if (c == '\t') {
                line.append("\\t");
              } else if (breaks(c)) {
                line.append(String.format("\\u%04X", c));
              } else {
                line.appendCodePoint(c);
              }
            });
    return line.toString();
  }

  /** C0 and C1 controls, DEL, and the Unicode line and paragraph separators. */
  private static boolean breaks(int c) {
    return Character.isISOControl(c) || c == '\u2028' || c == '\u2029';
  }
}
