package dev.enclave.core.model;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Map;
import java.util.Optional;

/**
 * One declared Enclave object with where it came from. Objects read from a live cluster have no
 * location; objects read from Git know the file and line of the object and of each field path.
 *
 * @param object the API object
 * @param location where the object starts, or null when it was not read from a file
 * @param fieldLines line of each field path written in the file, e.g. "spec.audit.sink" or
 *     "spec.storageClasses[1]"; empty when the object was not read from a file
 */
public record Declared<T extends HasMetadata>(
    T object, SourceLocation location, Map<String, Integer> fieldLines) {

  public Declared {
    fieldLines = fieldLines == null ? Map.of() : Map.copyOf(fieldLines);
  }

  /** An object with no source file, as read from a cluster or an admission request. */
  public static <T extends HasMetadata> Declared<T> live(T object) {
    return new Declared<>(object, null, Map.of());
  }

  public String kind() {
    return object.getKind();
  }

  public String name() {
    return object.getMetadata().getName();
  }

  public String namespace() {
    return object.getMetadata().getNamespace();
  }

  /**
   * The location of a field path, falling back to its nearest written parent, then to the object
   * itself. A path such as "spec.dataStore.ref" that was never written resolves to "spec.dataStore"
   * or "spec", so a violation about a missing field still points at the right place.
   */
  public Optional<SourceLocation> locationOf(String fieldPath) {
    if (location == null) {
      return Optional.empty();
    }
    String path = fieldPath;
    while (path != null && !path.isEmpty()) {
      Integer line = fieldLines.get(path);
      if (line != null) {
        return Optional.of(new SourceLocation(location.file(), line));
      }
      path = parentOf(path);
    }
    return Optional.of(location);
  }

  private static String parentOf(String path) {
    if (path.endsWith("]")) {
      return path.substring(0, path.lastIndexOf('['));
    }
    int dot = path.lastIndexOf('.');
    return dot < 0 ? null : path.substring(0, dot);
  }
}
