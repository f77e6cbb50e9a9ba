package dev.enclave.core.gitops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigInteger;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads YAML 1.1 numbers and booleans ({@code 0x1F}, {@code 1_000}, {@code yes}) as SnakeYAML's
 * safe constructor does, and everything else as text, so no tag can build a Java object.
 */
final class ScalarValues extends SafeConstructor {
  private static final ScalarValues INSTANCE = new ScalarValues();
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private ScalarValues() {
    super(new LoaderOptions());
  }

  /** The JSON value of a scalar; throws {@link DocumentException} when its explicit tag lies. */
  static JsonNode of(ScalarNode node, String path) {
    Tag tag = node.getTag();
    if (Tag.NULL.equals(tag)) {
      return JSON.nullNode();
    }
    if (Tag.BOOL.equals(tag) || Tag.INT.equals(tag) || Tag.FLOAT.equals(tag)) {
      return INSTANCE.typed(node, path);
    }
    return JSON.textNode(node.getValue());
  }

  /** True for the scalars {@link #of} reads as numbers or booleans rather than text. */
  static boolean isTyped(ScalarNode node) {
    Tag tag = node.getTag();
    return Tag.BOOL.equals(tag) || Tag.INT.equals(tag) || Tag.FLOAT.equals(tag);
  }

  private JsonNode typed(ScalarNode node, String path) {
    Object value;
    try {
      value = yamlConstructors.get(node.getTag()).construct(node);
    } catch (RuntimeException e) {
      String type = node.getTag().getValue().substring(Tag.PREFIX.length());
      throw new DocumentException(
          node.getStartMark().getLine() + 1,
          path,
          "\"" + node.getValue() + "\" is not a valid " + type);
    }
    if (value instanceof Boolean b) {
      return JSON.booleanNode(b);
    } else if (value instanceof Integer i) {
      return JSON.numberNode(i);
    } else if (value instanceof Long l) {
      return JSON.numberNode(l);
    } else if (value instanceof BigInteger big) {
      return JSON.numberNode(big);
    } else if (value instanceof Double d) {
      return JSON.numberNode(d);
    }
    return JSON.textNode(node.getValue());
  }
}
