package dev.enclave.cli.playground;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The summed resident memory of the playground's processes, read from /proc. */
public final class Footprint {
  private Footprint() {}

  /** RSS of {@code pid} in KiB, 0 when it is gone. */
  public static long rssKib(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException | NumberFormatException e) {
      // the process is gone
    }
    return 0;
  }

  static String describe(List<Long> pids) {
    long self = rssKib(ProcessHandle.current().pid());
    long others = pids.stream().mapToLong(Footprint::rssKib).sum();
    return String.format(
        "Memory: %d processes use %.0f MiB resident, plus %.0f MiB for this JVM (operators, pod"
            + " runners, audit sinks): %.2f GiB in all.",
        pids.size(), others / 1024.0, self / 1024.0, (others + self) / 1024.0 / 1024.0);
  }
}
