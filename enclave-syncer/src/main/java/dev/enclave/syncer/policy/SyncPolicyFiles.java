package dev.enclave.syncer.policy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.enclave.core.sync.SyncPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;

/** Reads and writes a {@link SyncPolicy} as the JSON file the operator mounts from a ConfigMap. */
public final class SyncPolicyFiles {
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  private static final List<String> LISTS =
      List.of("tolerations", "registries", "storageClasses", "serviceTypes");

  private SyncPolicyFiles() {}

  public static SyncPolicy read(Path file) throws IOException {
    return parse(Files.readString(file));
  }

  public static void write(Path file, SyncPolicy policy) throws IOException {
    Files.writeString(file, toJson(policy));
  }

  /** Parses the JSON text; a missing list or map reads as empty. */
  public static SyncPolicy parse(String json) throws IOException {
    JsonNode tree = JSON.readTree(json);
    if (!(tree instanceof ObjectNode object)) {
      throw new IOException("a sync policy is a JSON object, found " + tree.getNodeType());
    }
    if (!object.hasNonNull("nodeSelector")) {
      object.putObject("nodeSelector");
    }
    for (String list : LISTS) {
      if (!object.hasNonNull(list)) {
        object.putArray(list);
      }
    }
    return JSON.treeToValue(object, SyncPolicy.class);
  }

  /** The policy as JSON, keys and service types sorted, so the same policy gives the same bytes. */
  public static String toJson(SyncPolicy policy) {
    try {
      ObjectNode tree = JSON.valueToTree(policy);
      ArrayNode types = tree.putArray("serviceTypes");
      new TreeSet<>(policy.serviceTypes()).forEach(types::add);
      return JSON.writeValueAsString(JSON.treeToValue(tree, Object.class)) + "\n";
    } catch (IOException e) {
      throw new IllegalStateException("a SyncPolicy always serializes", e);
    }
  }
}
