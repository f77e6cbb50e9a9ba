package dev.enclave.core.upgrade;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** An exact Kubernetes release, {@code MAJOR.MINOR.PATCH} (a leading {@code v} is accepted). */
public record KubeVersion(int major, int minor, int patch) implements Comparable<KubeVersion> {
  private static final Pattern EXACT = Pattern.compile("^v?(\\d+)\\.(\\d+)\\.(\\d+)$");

  public static Optional<KubeVersion> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    Matcher m = EXACT.matcher(text.strip());
    if (!m.matches()) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          new KubeVersion(
              Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** {@code MAJOR.MINOR}, as Jurisdictions list allowed versions. */
  public String minorVersion() {
    return major + "." + minor;
  }

  @Override
  public int compareTo(KubeVersion other) {
    int byMajor = Integer.compare(major, other.major);
    if (byMajor != 0) {
      return byMajor;
    }
    int byMinor = Integer.compare(minor, other.minor);
    return byMinor != 0 ? byMinor : Integer.compare(patch, other.patch);
  }

  @Override
  public String toString() {
    return major + "." + minor + "." + patch;
  }
}
