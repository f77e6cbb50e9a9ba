package dev.enclave.syncer.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WorkQueueTest {
  private final List<String> handled = new CopyOnWriteArrayList<>();
  private final WorkQueue queue =
      new WorkQueue("test", 1, Duration.ofMillis(10), Duration.ofMillis(100));

  @AfterEach
  void close() {
    queue.close();
  }

  @Test
  void whenAKeyFailsThenItsRetryKeepsTheQueueBusyUntilItSucceeds() throws Exception {
    queue.start(
        key -> {
          handled.add(key);
          if (handled.size() < 3) {
            throw new IllegalStateException("not yet");
          }
        });
    queue.add("a");
    awaitTrue(() -> handled.size() == 3);
    awaitTrue(queue::isIdle);
    assertThat(handled).containsExactly("a", "a", "a");
  }

  @Test
  void whenAPassIsPlannedHoursAheadThenTheQueueIsIdleMeanwhile() throws Exception {
    queue.start(handled::add);
    queue.planAfter("token", Duration.ofHours(19));
    assertThat(queue.isIdle()).isTrue();
    assertThat(handled).isEmpty();
  }

  @Test
  void whenAKeyIsPlannedTwiceThenOnlyTheNewerPlanRuns() throws Exception {
    queue.start(handled::add);
    queue.planAfter("token", Duration.ofMillis(50));
    queue.planAfter("token", Duration.ofMillis(300));
    TimeUnit.MILLISECONDS.sleep(150);
    assertThat(handled).isEmpty();
    awaitTrue(() -> handled.size() == 1);
    TimeUnit.MILLISECONDS.sleep(100);
    assertThat(handled).containsExactly("token");
  }

  private static void awaitTrue(java.util.function.BooleanSupplier condition) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition within 10 s").isLessThan(deadline);
      TimeUnit.MILLISECONDS.sleep(5);
    }
  }
}
