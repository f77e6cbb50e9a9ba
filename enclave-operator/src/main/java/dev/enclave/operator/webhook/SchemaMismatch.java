package dev.enclave.operator.webhook;

import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.JsonMappingException;
import dev.enclave.core.gitops.FieldPaths;

/**
 * Why an object the API server admitted cannot be read as its Enclave class, naming the field: the
 * CRD schema is looser than the class in places (an int64 where the class holds an int), and a
 * refusal must still say where.
 */
final class SchemaMismatch {
  private SchemaMismatch() {}

  /** {@code FIELD.PATH: message}, as a violation reads after {@code KIND/NAME: }. */
  static String describe(IllegalArgumentException e, String kind) {
    JsonMappingException mapping = find(e, JsonMappingException.class);
    String field =
        mapping == null || mapping.getPath().isEmpty() ? "" : FieldPaths.of(mapping.getPath());
    String problem =
        find(e, InputCoercionException.class) != null || outOfRange(mapping)
            ? "number is out of range for this field"
            : "value has a type this field does not take";
    return (field.isEmpty() ? "spec" : field) + ": " + problem + " (" + kind + " schema)";
  }

  private static boolean outOfRange(JsonMappingException mapping) {
    String message = mapping == null ? null : mapping.getOriginalMessage();
    return message != null && message.contains("out of range");
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
