package dev.enclave.syncer.runtime;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A keyed work queue in the manner of client-go's: a key waits at most once, is never handled by
 * two workers at once (a key added while it is handled runs again afterwards), and a failed key is
 * retried after an exponential back-off that resets on success.
 */
public final class WorkQueue implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WorkQueue.class);
  private static final String STOP = "\0stop";

  /** Handles one key; throwing schedules a retry. */
  @FunctionalInterface
  public interface Handler {
    void handle(String key) throws Exception;
  }

  private final String name;
  private volatile Handler handler;
  private final Duration baseDelay;
  private final Duration maxDelay;
  private final BlockingQueue<String> queue = new LinkedBlockingQueue<>();
  private final Set<String> waiting = new HashSet<>();
  private final Set<String> processing = new HashSet<>();
  private final Set<String> again = new HashSet<>();
  private final Map<String, Integer> failures = new HashMap<>();
  private final AtomicInteger delayed = new AtomicInteger();
  private final Map<String, ScheduledFuture<?>> planned = new ConcurrentHashMap<>();
  private final ScheduledExecutorService timer;
  private final Thread[] workers;
  private volatile boolean closed;

  public WorkQueue(String name, int workerCount, Duration baseDelay, Duration maxDelay) {
    this.name = name;
    this.baseDelay = baseDelay;
    this.maxDelay = maxDelay;
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> daemon(r, "enclave-syncer-" + name + "-retry"));
    this.workers = new Thread[workerCount];
    for (int i = 0; i < workerCount; i++) {
      workers[i] = daemon(this::work, "enclave-syncer-" + name + "-" + i);
    }
  }

  /** Starts the workers with their handler; keys added before wait until then. */
  public void start(Handler keyHandler) {
    this.handler = keyHandler;
    for (Thread worker : workers) {
      worker.start();
    }
  }

  public void add(String key) {
    synchronized (this) {
      if (closed) {
        return;
      }
      if (processing.contains(key)) {
        again.add(key);
        return;
      }
      if (!waiting.add(key)) {
        return;
      }
    }
    queue.add(key);
  }

  public void addAfter(String key, Duration delay) {
    delayed.incrementAndGet();
    timer.schedule(
        () -> {
          delayed.decrementAndGet();
          add(key);
        },
        delay.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  /**
   * Plans a later pass over a key, such as a token renewal hours ahead. Unlike a retry this is not
   * pending work, so the queue can be idle meanwhile; a newer plan for the key replaces the older.
   */
  public void planAfter(String key, Duration delay) {
    planned.compute(
        key,
        (k, older) -> {
          if (older != null) {
            older.cancel(false);
          }
          return timer.schedule(
              () -> {
                planned.remove(key);
                add(key);
              },
              delay.toMillis(),
              TimeUnit.MILLISECONDS);
        });
  }

  /** True when nothing waits, runs or is scheduled for a retry (planned passes do not count). */
  public synchronized boolean isIdle() {
    return waiting.isEmpty() && processing.isEmpty() && delayed.get() == 0;
  }

  public String name() {
    return name;
  }

  private void work() {
    while (!closed) {
      String key;
      try {
        key = queue.take();
      } catch (InterruptedException e) {
        return;
      }
      if (key.equals(STOP)) {
        return;
      }
      synchronized (this) {
        waiting.remove(key);
        processing.add(key);
      }
      handleOnce(key);
      boolean rerun;
      synchronized (this) {
        processing.remove(key);
        rerun = again.remove(key);
      }
      if (rerun) {
        add(key);
      }
    }
  }

  private void handleOnce(String key) {
    try {
      handler.handle(key);
      synchronized (this) {
        failures.remove(key);
      }
    } catch (Exception | LinkageError e) {
      int attempt;
      synchronized (this) {
        attempt = failures.merge(key, 1, Integer::sum);
      }
      Duration delay = backoff(attempt);
      LOG.warn("{} {}: {} (retry {} in {} ms)", name, key, e.toString(), attempt, delay.toMillis());
      if (!closed) {
        addAfter(key, delay);
      }
    }
  }

  Duration backoff(int attempt) {
    long millis = baseDelay.toMillis() << Math.min(attempt - 1, 20);
    return Duration.ofMillis(Math.min(millis, maxDelay.toMillis()));
  }

  @Override
  public void close() {
    closed = true;
    timer.shutdownNow();
    for (int i = 0; i < workers.length; i++) {
      queue.add(STOP);
    }
    for (Thread worker : workers) {
      worker.interrupt();
    }
  }

  private static Thread daemon(Runnable r, String threadName) {
    Thread t = new Thread(r, threadName);
    t.setDaemon(true);
    return t;
  }
}
