package dev.enclave.operator.host;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * The fields Enclave owns on a host object (labels, annotations and every top-level field except
 * status) and whether an actual object still holds them. Fields the server or another controller
 * added are ignored, so defaults such as a Service's clusterIP never cause a write.
 */
public final class OwnedFields {
  private static final Set<String> NOT_OWNED = Set.of("apiVersion", "kind", "metadata", "status");
  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  private OwnedFields() {}

  /** True when every field Enclave sets on {@code desired} has the same value on {@code actual}. */
  public static boolean heldBy(HasMetadata desired, HasMetadata actual) {
    return contains(tree(actual), ownedTree(desired));
  }

  /**
   * The actual object with every owned field put back, merged as a JSON merge patch (RFC 7386)
   * would: objects field by field, arrays replaced whole, fields of others left as they are. The
   * result keeps the actual resourceVersion, so writing it fails with 409 on a concurrent change.
   */
  @SuppressWarnings("unchecked")
  public static <R extends HasMetadata> R mergedInto(R actual, HasMetadata desired) {
    JsonNode merged = merge(tree(actual), ownedTree(desired));
    return (R) JSON.convertValue(merged, actual.getClass());
  }

  /** RFC 7386: the patch's objects merge into the target's, anything else replaces it. */
  static JsonNode merge(JsonNode target, JsonNode patch) {
    if (!patch.isObject()) {
      return patch;
    }
    ObjectNode result =
        target != null && target.isObject()
            ? ((ObjectNode) target).deepCopy()
            : JsonNodeFactory.instance.objectNode();
    patch
        .fields()
        .forEachRemaining(
            field -> {
              if (field.getValue().isNull()) {
                result.remove(field.getKey());
              } else {
                result.set(field.getKey(), merge(result.get(field.getKey()), field.getValue()));
              }
            });
    return result;
  }

  private static ObjectNode ownedTree(HasMetadata desired) {
    ObjectNode full = (ObjectNode) tree(desired);
    ObjectNode owned = JsonNodeFactory.instance.objectNode();
    ObjectNode metadata = owned.putObject("metadata");
    JsonNode desiredMetadata = full.path("metadata");
    copyIfPresent(desiredMetadata, metadata, "labels");
    copyIfPresent(desiredMetadata, metadata, "annotations");
    full.fields()
        .forEachRemaining(
            field -> {
              if (!NOT_OWNED.contains(field.getKey())) {
                owned.set(field.getKey(), field.getValue());
              }
            });
    return owned;
  }

  private static void copyIfPresent(JsonNode from, ObjectNode to, String field) {
    if (from.has(field) && !from.get(field).isNull()) {
      to.set(field, from.get(field));
    }
  }

  private static JsonNode tree(HasMetadata object) {
    return JSON.convertValue(object, JsonNode.class);
  }

  /** Desired is contained in actual: objects by key, arrays element by element, scalars equal. */
  static boolean contains(JsonNode actual, JsonNode desired) {
    if (desired == null || desired.isNull()) {
      return true;
    }
    if (isEmptyContainer(desired)) {
      return isAbsent(actual) || (desired.isObject() ? actual.isObject() : actual.isEmpty());
    }
    if (isAbsent(actual)) {
      return false;
    }
    if (desired.isObject()) {
      return actual.isObject() && objectContains(actual, desired);
    }
    if (desired.isArray()) {
      return actual.isArray() && arrayContains(actual, desired);
    }
    if (desired.isNumber() && actual.isNumber()) {
      return desired.decimalValue().compareTo(actual.decimalValue()) == 0;
    }
    return desired.equals(actual);
  }

  private static boolean objectContains(JsonNode actual, JsonNode desired) {
    Iterator<Map.Entry<String, JsonNode>> fields = desired.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      if (!contains(actual.get(field.getKey()), field.getValue())) {
        return false;
      }
    }
    return true;
  }

  private static boolean arrayContains(JsonNode actual, JsonNode desired) {
    if (actual.size() != desired.size()) {
      return false;
    }
    for (int i = 0; i < desired.size(); i++) {
      if (!contains(actual.get(i), desired.get(i))) {
        return false;
      }
    }
    return true;
  }

  private static boolean isEmptyContainer(JsonNode node) {
    return node.isContainerNode() && node.isEmpty();
  }

  private static boolean isAbsent(JsonNode node) {
    return node == null || node.isMissingNode() || node.isNull();
  }
}
