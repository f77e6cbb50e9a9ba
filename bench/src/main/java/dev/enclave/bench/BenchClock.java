package dev.enclave.bench;

import java.time.Instant;

/** Wall-clock time in nanoseconds since the epoch, comparable across the benchmark's processes. */
final class BenchClock {
  private BenchClock() {}

  static long epochNanos() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }
}
