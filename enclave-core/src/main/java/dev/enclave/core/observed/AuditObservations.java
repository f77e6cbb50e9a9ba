package dev.enclave.core.observed;

import java.util.Map;
import java.util.TreeMap;

/**
 * What the audit sinks' directories held when the report was made, as opposed to where audit is
 * declared to go.
 *
 * @param directory the root given as {@code --audit-dir}: {@code <jurisdiction>/<namespace>/<name>/}
 *     under it
 * @param tenants by {@code namespace/name}; a declared tenant missing here received nothing
 */
public record AuditObservations(String directory, Map<String, ObservedAuditLog> tenants) {

  public AuditObservations {
    tenants = java.util.Collections.unmodifiableMap(new TreeMap<>(tenants));
  }
}
