package dev.enclave.core.gitops;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import java.math.BigInteger;
import java.util.Collection;
import java.util.Map;

/** Says in plain words what a field expected and what the file holds instead. */
final class TypeMessages {
  private static final int MAX_QUOTED = 60;

  private TypeMessages() {}

  static String of(JsonMappingException e, YamlDocument document, String path) {
    JsonNode found = find(document.tree(), e.getPath());
    Class<?> target = e instanceof MismatchedInputException m ? m.getTargetType() : null;
    if (found == null) {
      return "value cannot be read here";
    }
    String literal = document.literals().getOrDefault(path, found.asText());
    if (target == null) {
      return found.isNumber() ? "number " + literal + " is out of range" : "value cannot be read";
    }
    return "expected "
        + expected(target, found)
        + ", found "
        + found(found, literal)
        + hint(target, found, literal);
  }

  private static JsonNode find(JsonNode root, Iterable<JsonMappingException.Reference> path) {
    JsonNode node = root;
    for (JsonMappingException.Reference reference : path) {
      if (node == null) {
        return null;
      }
      node =
          reference.getFieldName() != null
              ? node.get(reference.getFieldName())
              : node.get(reference.getIndex());
    }
    return node;
  }

  private static String expected(Class<?> target, JsonNode found) {
    if (target == String.class) {
      return "a string";
    } else if (target == Boolean.class || target == boolean.class) {
      return "true or false";
    } else if (isWholeNumber(target)) {
      return found.isFloatingPointNumber() ? "a whole number" : "a number";
    } else if (Number.class.isAssignableFrom(target) || target.isPrimitive()) {
      return "a number";
    } else if (Collection.class.isAssignableFrom(target) || target.isArray()) {
      return "a list";
    } else if (Map.class.isAssignableFrom(target) || !target.getName().startsWith("java.")) {
      return "a map";
    }
    return "a different value";
  }

  private static boolean isWholeNumber(Class<?> target) {
    return target == Integer.class
        || target == int.class
        || target == Long.class
        || target == long.class
        || target == Short.class
        || target == BigInteger.class;
  }

  private static String found(JsonNode found, String literal) {
    if (found.isTextual()) {
      return quote(found.asText());
    } else if (found.isArray()) {
      return "a list";
    } else if (found.isObject()) {
      return "a map";
    }
    return literal;
  }

  private static String hint(Class<?> target, JsonNode found, String literal) {
    if (target == String.class && (found.isNumber() || found.isBoolean())) {
      return " (write " + quote(literal) + " in quotes to keep it a string)";
    }
    return "";
  }

  private static String quote(String text) {
    String shown = text.length() > MAX_QUOTED ? text.substring(0, MAX_QUOTED) + "..." : text;
    return "\"" + shown.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
  }
}
