package dev.enclave.core.evidence;

import dev.enclave.core.compliance.Violation;

/**
 * A broken compliance rule, as {@code enclavectl check} prints it.
 *
 * @param object {@code KIND/NAME}
 * @param location {@code FILE:LINE}, or null for objects not read from a file
 */
public record ViolationEvidence(
    String kind,
    String namespace,
    String name,
    String object,
    String fieldPath,
    String message,
    String location) {

  public static ViolationEvidence of(Violation v) {
    String where = v.location() == null ? null : v.location().toString();
    return new ViolationEvidence(
        v.kind(), v.namespace(), v.name(), v.object(), v.fieldPath(), v.message(), where);
  }
}
