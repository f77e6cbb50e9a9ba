package dev.enclave.core.controlplane;

import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Command-line flags of one component, kept sorted by name and rendered as {@code --flag=value}.
 */
public final class Flags {
  private final SortedMap<String, String> values = new TreeMap<>();

  public Flags set(String flag, String value) {
    values.put(flag, value);
    return this;
  }

  public Flags set(String flag, boolean value) {
    return set(flag, Boolean.toString(value));
  }

  public Flags set(String flag, int value) {
    return set(flag, Integer.toString(value));
  }

  public Map<String, String> asMap() {
    return java.util.Collections.unmodifiableSortedMap(values);
  }

  public List<String> toArgs() {
    return values.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toList();
  }
}
