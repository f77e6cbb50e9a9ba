package dev.enclave.datastore;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A tenant's data store credentials as Secrets of its host namespace: Secret name to its data (key
 * to text value). {@link #toString} shows Secret names and keys, never a value.
 */
public record TenantCredentials(Map<String, Map<String, String>> secrets) {

  public TenantCredentials {
    Map<String, Map<String, String>> copy = new LinkedHashMap<>();
    secrets.forEach((name, data) -> copy.put(name, Map.copyOf(data)));
    secrets = java.util.Collections.unmodifiableMap(copy);
  }

  public static TenantCredentials none() {
    return new TenantCredentials(Map.of());
  }

  /** The value of {@code key} in Secret {@code secret}, if both are there and it is not blank. */
  public Optional<String> value(String secret, String key) {
    String value = secrets.getOrDefault(secret, Map.of()).get(key);
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
  }

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder("TenantCredentials[");
    secrets.forEach((name, data) -> text.append(name).append(data.keySet()).append(' '));
    return text.toString().strip() + "]";
  }
}
