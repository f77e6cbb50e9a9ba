package dev.enclave.operator.webhook;

import dev.enclave.core.compliance.Violation;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects what is wrong with one pod, worded like the compliance rules ({@code Pod/NAME: PATH:
 * ...}).
 */
final class PodFindings {
  private final String namespace;
  private final String name;
  private final List<Violation> violations = new ArrayList<>();

  PodFindings(Pod pod, String requestName) {
    this.namespace = pod.getMetadata().getNamespace();
    this.name = nameOf(pod, requestName);
  }

  /** Records that {@code fieldPath} holds {@code found} where only {@code allowed} is. */
  void add(String fieldPath, String problem, String found, String allowed) {
    violations.add(
        new Violation(
            "Pod",
            namespace,
            name,
            fieldPath,
            problem + "; found " + found + "; allowed: " + allowed,
            null));
  }

  List<String> describe() {
    return violations.stream().map(Violation::describe).toList();
  }

  private static String nameOf(Pod pod, String requestName) {
    if (pod.getMetadata().getName() != null) {
      return pod.getMetadata().getName();
    }
    if (requestName != null && !requestName.isBlank()) {
      return requestName;
    }
    return pod.getMetadata().getGenerateName() == null
        ? "(unnamed)"
        : pod.getMetadata().getGenerateName() + "*";
  }
}
