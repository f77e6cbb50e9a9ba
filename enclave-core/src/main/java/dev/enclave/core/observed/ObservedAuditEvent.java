package dev.enclave.core.observed;

import java.time.Instant;

/**
 * One {@code audit.k8s.io/v1} event as a jurisdiction's audit sink stored it, reduced to who did
 * what to which object and how it ended. Request and response bodies are never copied.
 *
 * @param time the event's stageTimestamp (its requestReceivedTimestamp when that is missing), or
 *     null when it carries neither
 * @param user user.username
 * @param resource objectRef.resource, or null for a non-resource request
 * @param requestUri requestURI, which names the object of a non-resource request
 * @param responseCode responseStatus.code, or null when the event has none
 */
public record ObservedAuditEvent(
    Instant time,
    String auditId,
    String stage,
    String verb,
    String user,
    String resource,
    String subresource,
    String namespace,
    String name,
    String requestUri,
    Integer responseCode) {

  /**
   * The object as a reader says it: {@code secrets tenants-eu/db}, {@code pods in kube-system}, or
   * the request URI when the event has no object.
   */
  public String describeObject() {
    if (resource == null) {
      return requestUri;
    }
    String kind = subresource == null ? resource : resource + "/" + subresource;
    if (name != null) {
      return kind + " " + (namespace == null ? "" : namespace + "/") + name;
    }
    return namespace == null ? kind : kind + " in " + namespace;
  }
}
