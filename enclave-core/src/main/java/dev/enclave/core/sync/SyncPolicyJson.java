package dev.enclave.core.sync;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The one JSON form of a {@link SyncPolicy}: what the builders write into the {@code
 * <name>-sync-policy} ConfigMap and what the syncer reads from {@code ENCLAVE_SYNC_POLICY}.
 */
public final class SyncPolicyJson {
  /** The ConfigMap key, hence the file name under the mount. */
  public static final String FILE = "policy.json";

  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .build();

  private SyncPolicyJson() {}

  /** Pretty-printed JSON ending in a newline; equal policies give equal text. */
  public static String write(SyncPolicy policy) {
    try {
      return MAPPER.writeValueAsString(policy) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the sync policy of " + policy.tenantName(), e);
    }
  }

  /**
   * Reads a policy; malformed text is an {@link IllegalArgumentException} naming {@code source}.
   */
  public static SyncPolicy read(String json, String source) {
    try {
      SyncPolicy policy = MAPPER.readValue(json, SyncPolicy.class);
      if (policy == null) {
        throw new IllegalArgumentException(source + ": empty sync policy");
      }
      return policy;
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          source + ": not a sync policy: " + e.getOriginalMessage(), e);
    }
  }
}
