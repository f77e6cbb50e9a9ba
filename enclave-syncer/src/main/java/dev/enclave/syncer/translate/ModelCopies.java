package dev.enclave.syncer.translate;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Deep copies of Kubernetes model objects and the names of their set fields, through a plain
 * Jackson mapper (the model classes carry their own annotations), so translation never shares
 * mutable state with the tenant's objects and needs no client-side serialization setup.
 */
final class ModelCopies {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private ModelCopies() {}

  static <T> T copy(T value, Class<T> type) {
    return value == null ? null : MAPPER.convertValue(value, type);
  }

  /** The set fields of a model object as the API names them, for example a volume's type. */
  @SuppressWarnings("unchecked")
  static Set<String> fieldNames(Object value) {
    return new TreeSet<>(MAPPER.convertValue(value, Map.class).keySet());
  }
}
