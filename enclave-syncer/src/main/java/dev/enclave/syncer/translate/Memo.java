package dev.enclave.syncer.translate;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Results of a pure function kept for the keys that come again with every pod (a namespace's
 * service account, a workload's image), forgotten all at once when {@code kept} are held, so a
 * tenant with endless distinct keys costs a bounded map, never a growing one.
 */
final class Memo<K, V> {
  private final int kept;
  private final Function<K, V> function;
  private final Map<K, V> results = new ConcurrentHashMap<>();

  Memo(int kept, Function<K, V> function) {
    this.kept = kept;
    this.function = function;
  }

  V get(K key) {
    V result = results.get(key);
    if (result == null) {
      if (results.size() >= kept) {
        results.clear();
      }
      result = function.apply(key);
      results.put(key, result);
    }
    return result;
  }
}
