package dev.enclave.core.gitops;

import dev.enclave.core.model.OneLine;
import dev.enclave.core.model.SourceLocation;
import java.util.Comparator;

/** How loader findings are ordered and printed. */
final class Locations {

  /**
   * By file, comparing path segments in turn (a directory's files before its later siblings), then
   * line.
   */
  static final Comparator<SourceLocation> ORDER =
      Comparator.comparing(SourceLocation::file, Locations::compareFiles)
          .thenComparingInt(SourceLocation::line);

  private Locations() {}

  static int compareFiles(String left, String right) {
    String[] a = left.split("/", -1);
    String[] b = right.split("/", -1);
    for (int i = 0; i < Math.min(a.length, b.length); i++) {
      int order = a[i].compareTo(b[i]);
      if (order != 0) {
        return order;
      }
    }
    return Integer.compare(a.length, b.length);
  }

  /**
   * {@code FILE:LINE: [KIND/NAME: [FIELD.PATH: ]]message}, on one line; line 0 means the whole
   * file.
   */
  static String format(SourceLocation location, String object, String fieldPath, String message) {
    StringBuilder line = new StringBuilder();
    line.append(location.file());
    if (location.line() > 0) {
      line.append(':').append(location.line());
    }
    line.append(": ");
    if (object != null) {
      line.append(object).append(": ");
      if (fieldPath != null) {
        line.append(fieldPath).append(": ");
      }
    }
    return OneLine.of(line.append(message).toString());
  }
}
