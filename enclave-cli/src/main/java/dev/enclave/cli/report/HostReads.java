package dev.enclave.cli.report;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Reads from a host cluster that turn a refusal (401, 403) or a missing API (404) into a one-line
 * gap naming what could not be read, so the collection goes on with what it can read. Any other
 * failure (an unreachable server) is not a gap: it is thrown to the caller.
 */
final class HostReads {
  private final String source;
  private final Set<String> gaps = new LinkedHashSet<>();

  HostReads(String source) {
    this.source = source;
  }

  /**
   * The result, or empty with a gap recorded as "cannot read WHAT on SOURCE: REASON; CONSEQUENCE".
   */
  <T> Optional<T> read(String what, String consequence, Supplier<T> read) {
    try {
      return Optional.ofNullable(read.get());
    } catch (KubernetesClientException e) {
      if (!isGap(e.getCode())) {
        throw e;
      }
      gaps.add(
          "cannot read "
              + what
              + " on "
              + source
              + ": "
              + reason(e.getCode())
              + "; "
              + consequence);
      return Optional.empty();
    }
  }

  /**
   * False only when the object is known to be absent: a refused read records a gap and answers
   * true, so what can still be read is read.
   */
  boolean mayExist(String what, String consequence, Supplier<?> read) {
    int before = gaps.size();
    return read(what, consequence, read).isPresent() || gaps.size() > before;
  }

  /** A list, or an empty list with a gap recorded. */
  <T> List<T> list(String what, String consequence, Supplier<List<T>> read) {
    return read(what, consequence, read).orElse(List.of());
  }

  /** A gap found in what was read, not in reading it. */
  void gap(String line) {
    gaps.add(line);
  }

  List<String> gaps() {
    return new ArrayList<>(gaps);
  }

  private static boolean isGap(int code) {
    return code == HttpURLConnection.HTTP_FORBIDDEN
        || code == HttpURLConnection.HTTP_UNAUTHORIZED
        || code == HttpURLConnection.HTTP_NOT_FOUND;
  }

  private static String reason(int code) {
    return switch (code) {
      case HttpURLConnection.HTTP_FORBIDDEN -> "403 Forbidden";
      case HttpURLConnection.HTTP_UNAUTHORIZED -> "401 Unauthorized";
      default -> "404 Not Found (API not served)";
    };
  }
}
