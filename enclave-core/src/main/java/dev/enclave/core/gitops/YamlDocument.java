package dev.enclave.core.gitops;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * One YAML document as a JSON tree.
 *
 * @param fieldLines line of each field path, e.g. {@code spec.storageClasses[1]}
 * @param literals the text as written of each number or boolean, e.g. {@code 1.30} for 1.3
 */
record YamlDocument(
    ObjectNode tree, Map<String, Integer> fieldLines, Map<String, String> literals) {

  /** The line of a field path, else of its nearest written parent, else {@code fallback}. */
  int lineOf(String path, int fallback) {
    String current = path;
    while (current != null && !current.isEmpty()) {
      Integer line = fieldLines.get(current);
      if (line != null) {
        return line;
      }
      current = parentOf(current);
    }
    return fallback;
  }

  private static String parentOf(String path) {
    if (path.endsWith("]")) {
      return path.substring(0, path.lastIndexOf('['));
    }
    int dot = path.lastIndexOf('.');
    return dot < 0 ? null : path.substring(0, dot);
  }
}
