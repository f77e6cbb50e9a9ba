package dev.enclave.syncer.runtime;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which synced tenant pods mount which service account's token Secret on the host. Accounts are
 * keyed {@code namespace/serviceAccount}, pods {@code namespace/name}; a token Secret is needed
 * exactly while one pod of its account uses it.
 */
final class TokenUsers {
  private final Map<String, String> accountOfPod = new HashMap<>();
  private final Map<String, Set<String>> podsOfAccount = new HashMap<>();

  /**
   * Records that a pod uses an account's token (or none, when {@code accountKey} is null) and
   * returns the accounts that gained their first user or lost their last one.
   */
  synchronized List<String> use(String podKey, String accountKey) {
    String before =
        accountKey == null ? accountOfPod.remove(podKey) : accountOfPod.put(podKey, accountKey);
    List<String> changed = new ArrayList<>(2);
    if (before != null && !before.equals(accountKey)) {
      Set<String> pods = podsOfAccount.get(before);
      pods.remove(podKey);
      if (pods.isEmpty()) {
        podsOfAccount.remove(before);
        changed.add(before);
      }
    }
    if (accountKey != null && !accountKey.equals(before)) {
      Set<String> pods = podsOfAccount.computeIfAbsent(accountKey, a -> new HashSet<>());
      if (pods.add(podKey) && pods.size() == 1) {
        changed.add(accountKey);
      }
    }
    return changed;
  }

  synchronized boolean needed(String accountKey) {
    return podsOfAccount.containsKey(accountKey);
  }

  /** The pods ({@code namespace/name}) that use an account's token. */
  synchronized List<String> podsOf(String accountKey) {
    return List.copyOf(podsOfAccount.getOrDefault(accountKey, Set.of()));
  }

  /** The accounts of a namespace whose token is in use. */
  synchronized List<String> accountsIn(String namespace) {
    return podsOfAccount.keySet().stream().filter(a -> a.startsWith(namespace + "/")).toList();
  }
}
