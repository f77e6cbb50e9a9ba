package dev.enclave.syncer.translate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MemoTest {
  private final List<String> computed = new ArrayList<>();
  private final Memo<String, String> memo =
      new Memo<>(
          2,
          key -> {
            computed.add(key);
            return key.toUpperCase();
          });

  @Test
  void whenAKeyComesAgainThenItsResultIsNotComputedTwice() {
    assertThat(memo.get("a")).isEqualTo("A");
    assertThat(memo.get("a")).isEqualTo("A");
    assertThat(computed).containsExactly("a");
  }

  @Test
  void whenTheMemoIsFullThenItForgetsEverythingRatherThanGrow() {
    memo.get("a");
    memo.get("b");
    memo.get("c");
    memo.get("a");
    assertThat(computed).containsExactly("a", "b", "c", "a");
  }
}
