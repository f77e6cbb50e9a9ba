package dev.enclave.cli.migrate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.enclave.core.observed.MigratedTenant;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The record of one move, as JSON on the target's TenantCluster: {@code enclave.dev/migrating-from}
 * while the move runs (where from, under which uid, with which verified backup), then
 * {@code enclave.dev/migrated-from} once it is done (also when, and how many of the tenant's
 * objects the move found left on the source). {@code enclavectl migrate} writes it and
 * {@code enclavectl report} reads it, both through this one codec.
 */
public record MigrationRecord(
    String host, String server, String uid, String backupId, Instant completedAt, Integer sourceObjectsLeft) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The record of a move under way: nothing is completed yet. */
  static MigrationRecord started(String host, String server, String uid, String backupId) {
    return new MigrationRecord(host, server, uid, backupId, null, null);
  }

  MigrationRecord completed(Instant at, int left) {
    return new MigrationRecord(host, server, uid, backupId, at, left);
  }

  public String toJson() {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("host", host);
    fields.put("server", server);
    fields.put("uid", uid);
    fields.put("backupId", backupId);
    if (completedAt != null) {
      fields.put("completedAt", completedAt.toString());
      fields.put("sourceObjectsLeft", sourceObjectsLeft);
    }
    try {
      return JSON.writeValueAsString(fields);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a migration record", e);
    }
  }

  /** Reads a record; {@link IllegalArgumentException} when {@code json} is not one this codec wrote. */
  public static MigrationRecord parse(String json) {
    JsonNode node;
    try {
      node = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
    }
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException("not a JSON object");
    }
    JsonNode completed = node.get("completedAt");
    JsonNode left = node.get("sourceObjectsLeft");
    try {
      return new MigrationRecord(
          text(node, "host"), text(node, "server"), text(node, "uid"), text(node, "backupId"),
          completed == null ? null : Instant.parse(completed.asText()),
          left == null || !left.canConvertToInt() ? null : left.asInt());
    } catch (java.time.format.DateTimeParseException e) {
      throw new IllegalArgumentException("completedAt is not a time: " + completed.asText(), e);
    }
  }

  /** The move as the evidence report shows it, for the TenantCluster {@code namespace/name}; only a completed one. */
  public MigratedTenant observed(String namespace, String name) {
    if (completedAt == null) {
      throw new IllegalArgumentException("the move is not completed (no completedAt)");
    }
    return new MigratedTenant(namespace, name, host, server, uid, backupId, completedAt,
        sourceObjectsLeft == null ? -1 : sourceObjectsLeft);
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual()) {
      throw new IllegalArgumentException("field " + field + " is missing or not a string");
    }
    return value.asText();
  }
}
