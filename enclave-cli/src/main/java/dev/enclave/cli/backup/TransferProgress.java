package dev.enclave.cli.backup;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * A one-line progress indicator for a long transfer: bytes so far and MB/s, redrawn in place with
 * {@code \r} on a terminal at most five times a second, a plain line every five seconds otherwise,
 * and a last line when done.
 */
public final class TransferProgress {
  private static final long TTY_NANOS = 200_000_000L;
  private static final long PLAIN_NANOS = 5_000_000_000L;

  private final PrintWriter out;
  private final boolean tty;
  private final String label;
  private final LongSupplier nanoTime;
  private final long start;
  private long bytes;
  private long lastDraw;

  public TransferProgress(PrintWriter out, boolean tty, String label, LongSupplier nanoTime) {
    this.out = out;
    this.tty = tty;
    this.label = label;
    this.nanoTime = nanoTime;
    this.start = nanoTime.getAsLong();
    this.lastDraw = start;
  }

  /** Counts {@code n} more bytes, redrawing when it is time. */
  public synchronized void add(long n) {
    bytes += n;
    long now = nanoTime.getAsLong();
    if (now - lastDraw >= (tty ? TTY_NANOS : PLAIN_NANOS)) {
      lastDraw = now;
      draw(now, false);
    }
  }

  /** The last line, ended with a newline. */
  public synchronized void done() {
    draw(nanoTime.getAsLong(), true);
  }

  public synchronized long bytes() {
    return bytes;
  }

  /** {@code LABEL: 12.3 MB, 45.6 MB/s} (decimal megabytes). */
  public static String line(String label, long bytes, long elapsedNanos) {
    double seconds = Math.max(elapsedNanos, 1) / 1e9;
    return String.format(
        Locale.ROOT, "%s: %.1f MB, %.1f MB/s", label, bytes / 1e6, bytes / 1e6 / seconds);
  }

  private void draw(long now, boolean last) {
    String text = line(label, bytes, now - start);
    if (tty) {
      out.print("\r" + text + (last ? System.lineSeparator() : ""));
    } else {
      out.println(text);
    }
    out.flush();
  }
}
