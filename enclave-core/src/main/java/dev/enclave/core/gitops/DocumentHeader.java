package dev.enclave.core.gitops;

import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * What a document says it is, read from its top-level keys before anything else, so foreign objects
 * are never walked in full. Absent values are null.
 */
record DocumentHeader(String apiVersion, String kind, String name) {

  /** Reads the header; throws {@link DocumentException} when one of its values is not a string. */
  static DocumentHeader of(MappingNode root) {
    Node metadata = valueOf(root, "metadata");
    String name = null;
    if (metadata instanceof MappingNode meta) {
      name = text(valueOf(meta, "name"), "metadata.name");
    } else if (metadata != null && !isNull(metadata)) {
      throw new DocumentException(line(metadata), "metadata must be a map, e.g. {name: acme}");
    }
    return new DocumentHeader(
        text(valueOf(root, "apiVersion"), "apiVersion"), text(valueOf(root, "kind"), "kind"), name);
  }

  private static Node valueOf(MappingNode mapping, String key) {
    for (NodeTuple tuple : mapping.getValue()) {
      if (tuple.getKeyNode() instanceof ScalarNode k && key.equals(k.getValue())) {
        return tuple.getValueNode();
      }
    }
    return null;
  }

  private static String text(Node node, String field) {
    if (node == null || isNull(node)) {
      return null;
    }
    if (!(node instanceof ScalarNode scalar)) {
      throw new DocumentException(line(node), field + " must be a string, not a list or map");
    }
    return scalar.getValue().isBlank() ? null : scalar.getValue();
  }

  private static boolean isNull(Node node) {
    return node instanceof ScalarNode scalar && Tag.NULL.equals(scalar.getTag());
  }

  private static int line(Node node) {
    return node.getStartMark().getLine() + 1;
  }

  /** {@code apiVersion/kind NAME}, or without the name when there is none. */
  String describe() {
    String object = apiVersion + "/" + kind;
    return name == null ? object : object + " " + name;
  }
}
