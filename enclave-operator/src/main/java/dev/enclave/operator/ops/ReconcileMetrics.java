package dev.enclave.operator.ops;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAdder;

/** Counts and times every reconcile and cleanup JOSDK runs, per controller. */
public final class ReconcileMetrics implements Metrics {
  /** Upper bounds of the duration histogram, in seconds. */
  static final double[] BUCKETS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

  /** Running totals of one controller. */
  static final class Totals {
    final AtomicLong executions = new AtomicLong();
    final AtomicLong errors = new AtomicLong();
    final AtomicLong[] buckets = new AtomicLong[BUCKETS.length];
    final DoubleAdder seconds = new DoubleAdder();

    Totals() {
      for (int i = 0; i < buckets.length; i++) {
        buckets[i] = new AtomicLong();
      }
    }

    void observe(double elapsed) {
      executions.incrementAndGet();
      seconds.add(elapsed);
      for (int i = 0; i < BUCKETS.length; i++) {
        if (elapsed <= BUCKETS[i]) {
          buckets[i].incrementAndGet();
        }
      }
    }
  }

  private final Map<String, Totals> byController = new ConcurrentHashMap<>();

  @Override
  public <T> T timeControllerExecution(ControllerExecution<T> execution) throws Exception {
    Totals totals = totals(execution.controllerName());
    long start = System.nanoTime();
    try {
      return execution.execute();
    } catch (Exception e) {
      totals.errors.incrementAndGet();
      throw e;
    } finally {
      totals.observe((System.nanoTime() - start) / 1e9);
    }
  }

  @Override
  public void failedReconciliation(
      HasMetadata resource, Exception exception, Map<String, Object> metadata) {
    // counted in timeControllerExecution, where the controller name is known
  }

  /** Reconciles (and cleanups) run so far by one controller; 0 when it never ran. */
  public long executions(String controller) {
    Totals totals = byController.get(controller);
    return totals == null ? 0 : totals.executions.get();
  }

  /**
   * One controller's duration histogram so far: for each bound of {@link #bounds()}, how many
   * executions took at most that long; the last entry counts them all (the +Inf bucket).
   */
  public long[] cumulativeCounts(String controller) {
    Totals totals = byController.get(controller);
    long[] counts = new long[BUCKETS.length + 1];
    if (totals != null) {
      for (int i = 0; i < BUCKETS.length; i++) {
        counts[i] = totals.buckets[i].get();
      }
      counts[BUCKETS.length] = totals.executions.get();
    }
    return counts;
  }

  /** The histogram's upper bounds in seconds, without +Inf. */
  public static double[] bounds() {
    return BUCKETS.clone();
  }

  /** Controllers by name, sorted, for the text exposition. */
  Map<String, Totals> snapshot() {
    return new TreeMap<>(byController);
  }

  private Totals totals(String controller) {
    return byController.computeIfAbsent(controller, c -> new Totals());
  }
}
