package dev.enclave.operator.webhook;

import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * Describes an unexpected failure for the log without its payload: exception messages of JSON
 * mapping can quote the object being validated (e.g. a pod's environment), so only the type and the
 * frame it came from are logged, plus the message of Kubernetes API errors, which carry none.
 */
final class Failures {
  private Failures() {}

  static String describe(Throwable failure) {
    StringBuilder text = new StringBuilder();
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (text.length() > 0) {
        text.append("; caused by ");
      }
      text.append(t.getClass().getName());
      if (t instanceof KubernetesClientException k) {
        text.append(" (HTTP ").append(k.getCode()).append("): ").append(k.getMessage());
      }
      StackTraceElement[] frames = t.getStackTrace();
      if (frames.length > 0) {
        text.append(" at ").append(frames[0]);
      }
    }
    return text.toString();
  }
}
