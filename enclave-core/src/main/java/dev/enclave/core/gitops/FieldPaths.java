package dev.enclave.core.gitops;

import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Field paths as users write them: {@code spec.auditSinks[0].url}, map keys appended with a dot.
 */
public final class FieldPaths {
  private FieldPaths() {}

  /** The path of the value a parser is positioned on. */
  static String of(JsonStreamContext context) {
    Deque<String> segments = new ArrayDeque<>();
    for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
      if (c.inArray()) {
        segments.push("[" + c.getCurrentIndex() + "]");
      } else if (c.getCurrentName() != null) {
        segments.push(c.getCurrentName());
      }
    }
    return join(segments);
  }

  /** The path where Jackson failed. */
  public static String of(List<JsonMappingException.Reference> references) {
    Deque<String> segments = new ArrayDeque<>();
    for (JsonMappingException.Reference reference : references) {
      if (reference.getFieldName() != null) {
        segments.add(reference.getFieldName());
      } else if (reference.getIndex() >= 0) {
        segments.add("[" + reference.getIndex() + "]");
      }
    }
    return join(segments);
  }

  private static String join(Iterable<String> segments) {
    StringBuilder path = new StringBuilder();
    for (String segment : segments) {
      if (path.length() > 0 && !segment.startsWith("[")) {
        path.append('.');
      }
      path.append(segment);
    }
    return path.toString();
  }
}
