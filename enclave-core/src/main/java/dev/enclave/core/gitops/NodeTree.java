package dev.enclave.core.gitops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Turns one composed YAML document into a JSON tree in a single walk, noting the line of every
 * field path. Refuses duplicate keys, and documents that aliases expand past a fixed size.
 */
final class NodeTree {
  static final int MAX_VALUES = 50_000;
  static final int MAX_DEPTH = 100;
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private final Map<String, Integer> lines = new HashMap<>();
  private final Map<String, String> literals = new HashMap<>();
  private int values;

  private NodeTree() {}

  /** Reads the document; throws {@link DocumentException} when it cannot be read. */
  static YamlDocument read(MappingNode root) {
    NodeTree tree = new NodeTree();
    ObjectNode json = tree.mapping(root, "", 0);
    return new YamlDocument(json, tree.lines, tree.literals);
  }

  private JsonNode value(Node node, String path, int depth) {
    if (++values > MAX_VALUES || depth > MAX_DEPTH) {
      throw new DocumentException(
          lineOf(node),
          path,
          "document too large once aliases are expanded (more than "
              + MAX_VALUES
              + " values or "
              + MAX_DEPTH
              + " levels)");
    }
    if (node instanceof MappingNode mapping) {
      return mapping(mapping, path, depth);
    } else if (node instanceof SequenceNode sequence) {
      return sequence(sequence, path, depth);
    }
    ScalarNode scalar = (ScalarNode) node;
    if (ScalarValues.isTyped(scalar)) {
      literals.put(path, scalar.getValue());
    }
    return ScalarValues.of(scalar, path);
  }

  private ObjectNode mapping(MappingNode node, String path, int depth) {
    ObjectNode object = JSON.objectNode();
    List<Node> merges = new ArrayList<>(0);
    for (NodeTuple tuple : node.getValue()) {
      Node key = tuple.getKeyNode();
      if (Tag.MERGE.equals(key.getTag())) {
        merges.add(tuple.getValueNode());
        continue;
      }
      String name = keyName(key, path);
      String child = path.isEmpty() ? name : path + "." + name;
      if (object.has(name)) {
        throw new DocumentException(
            lineOf(key), child, "duplicate key (first at line " + lines.get(child) + ")");
      }
      lines.put(child, lineOf(key));
      object.set(name, value(tuple.getValueNode(), child, depth + 1));
    }
    for (Node merge : merges) {
      merge(object, merge, path, depth);
    }
    return object;
  }

  /** {@code <<: *defaults}: keys written in the mapping itself win, then earlier merged maps. */
  private void merge(ObjectNode object, Node source, String path, int depth) {
    List<Node> sources = source instanceof SequenceNode list ? list.getValue() : List.of(source);
    for (Node each : sources) {
      if (!(each instanceof MappingNode mapping)) {
        throw new DocumentException(
            lineOf(each), path, "merge key << needs a map or a list of maps");
      }
      Map<String, Integer> written = new HashMap<>(lines);
      ObjectNode merged = mapping(mapping, path, depth + 1);
      lines.putAll(written);
      for (Iterator<Map.Entry<String, JsonNode>> it = merged.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        if (!object.has(field.getKey())) {
          object.set(field.getKey(), field.getValue());
        }
      }
    }
  }

  private ArrayNode sequence(SequenceNode node, String path, int depth) {
    ArrayNode array = JSON.arrayNode(node.getValue().size());
    int index = 0;
    for (Node item : node.getValue()) {
      String child = path + "[" + index++ + "]";
      if (item instanceof ScalarNode scalar && Tag.NULL.equals(scalar.getTag())) {
        throw new DocumentException(
            lineOf(item), child, "a list item cannot be null; remove it or give it a value");
      }
      lines.put(child, lineOf(item));
      array.add(value(item, child, depth + 1));
    }
    return array;
  }

  private static String keyName(Node key, String path) {
    if (!(key instanceof ScalarNode scalar)) {
      throw new DocumentException(
          lineOf(key), path, "a key must be a plain string, not a list or map");
    }
    return scalar.getValue();
  }

  private static int lineOf(Node node) {
    return node.getStartMark().getLine() + 1;
  }
}
