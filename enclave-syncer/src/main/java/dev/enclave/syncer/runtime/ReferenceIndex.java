package dev.enclave.syncer.runtime;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Which synced tenant pods use which ConfigMaps and Secrets, so those are on the
 * host exactly while some synced pod uses them. Keys are {@code namespace/name}.
 */
public final class ReferenceIndex {
  /** What a pod can use. */
  public enum Kind {
    CONFIG_MAP,
    SECRET
  }

  private final Map<String, PodReferences> byPod = new HashMap<>();
  private final Map<Kind, Map<String, Set<String>>> users = new HashMap<>();

  public ReferenceIndex() {
    for (Kind kind : Kind.values()) {
      users.put(kind, new HashMap<>());
    }
  }

  /**
   * Records what a pod uses now ({@link PodReferences#NONE} when it is gone or not synced) and
   * returns every key whose use changed, per kind, for the caller to reconcile.
   */
  public synchronized Map<Kind, Set<String>> update(String podKey, PodReferences now) {
    String namespace = podKey.substring(0, podKey.indexOf('/'));
    PodReferences before = byPod.getOrDefault(podKey, PodReferences.NONE);
    if (now == PodReferences.NONE || now.equals(PodReferences.NONE)) {
      byPod.remove(podKey);
    } else {
      byPod.put(podKey, now);
    }
    Map<Kind, Set<String>> changed = new HashMap<>();
    change(Kind.CONFIG_MAP, namespace, podKey, before.configMaps(), now.configMaps(), changed);
    change(Kind.SECRET, namespace, podKey, before.secrets(), now.secrets(), changed);
    return changed;
  }

  public synchronized boolean isUsed(Kind kind, String key) {
    Set<String> pods = users.get(kind).get(key);
    return pods != null && !pods.isEmpty();
  }

  private void change(
      Kind kind,
      String namespace,
      String podKey,
      Set<String> before,
      Set<String> now,
      Map<Kind, Set<String>> changed) {
    Map<String, Set<String>> index = users.get(kind);
    for (String name : before) {
      if (!now.contains(name)) {
        String key = namespace + "/" + name;
        Set<String> pods = index.get(key);
        if (pods != null && pods.remove(podKey) && pods.isEmpty()) {
          index.remove(key);
        }
        changed.computeIfAbsent(kind, k -> new HashSet<>()).add(key);
      }
    }
    for (String name : now) {
      String key = namespace + "/" + name;
      if (index.computeIfAbsent(key, k -> new HashSet<>()).add(podKey)) {
        changed.computeIfAbsent(kind, k -> new HashSet<>()).add(key);
      }
    }
  }
}
