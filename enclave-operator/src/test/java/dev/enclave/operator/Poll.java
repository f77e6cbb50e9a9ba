package dev.enclave.operator;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for a condition, as tests against a live (mock) server must. */
public final class Poll {
  public static final Duration TIMEOUT = Duration.ofSeconds(30);

  private Poll() {}

  public static void until(String what, BooleanSupplier condition) {
    until(what, TIMEOUT, condition);
  }

  public static void until(String what, Duration timeout, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!safely(condition)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "timed out after " + timeout.toSeconds() + "s waiting until " + what);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting until " + what);
      }
    }
  }

  private static boolean safely(BooleanSupplier condition) {
    try {
      return condition.getAsBoolean();
    } catch (RuntimeException e) {
      return false;
    }
  }
}
