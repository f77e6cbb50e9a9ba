package dev.enclave.operator.webhook;

import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.JsonMappingException;
import dev.enclave.core.gitops.FieldPaths;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Why an object the API server admitted cannot be read as its Enclave class, naming the field: the
 * CRD schema is looser than the class in places (an int64 where the class holds an int), and a
 * refusal must still say where.
 */
final class SchemaMismatch {
  /** Jackson's own words for a number its target cannot hold, with the value and the range. */
  private static final Pattern OUT_OF_RANGE =
      Pattern.compile(
          "numeric value \\((.+?)\\) out of range of \\S+ \\((-?\\d+)\\s*-\\s*(-?\\d+)\\)",
          Pattern.CASE_INSENSITIVE);

  private SchemaMismatch() {}

  /** {@code FIELD.PATH: message}, as a violation reads after {@code KIND/NAME: }. */
  static String describe(IllegalArgumentException e, String kind) {
    JsonMappingException mapping = find(e, JsonMappingException.class);
    String field =
        mapping == null || mapping.getPath().isEmpty() ? "" : FieldPaths.of(mapping.getPath());
    return (field.isEmpty() ? "spec" : field) + ": " + problem(e, mapping) + " (" + kind + " schema)";
  }

  private static String problem(IllegalArgumentException e, JsonMappingException mapping) {
    InputCoercionException coercion = find(e, InputCoercionException.class);
    String message =
        coercion != null
            ? coercion.getOriginalMessage()
            : mapping == null ? null : mapping.getOriginalMessage();
    Matcher range = OUT_OF_RANGE.matcher(message == null ? "" : message);
    if (range.find()) {
      return "number " + range.group(1) + " is out of range for this field; allowed: "
          + range.group(2) + " to " + range.group(3);
    }
    if (coercion != null || (message != null && message.contains("out of range"))) {
      return "number is out of range for this field";
    }
    return "value has a type this field does not take";
  }

  private static <T extends Throwable> T find(Throwable e, Class<T> type) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    return null;
  }
}
