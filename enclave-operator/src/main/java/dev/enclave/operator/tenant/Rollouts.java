package dev.enclave.operator.tenant;

import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Whether a workload's latest template runs on every replica, each ready, as its controller reports
 * in status; else what is still missing, for a condition's message.
 */
final class Rollouts {
  private Rollouts() {}

  /**
   * Empty once the StatefulSet's template passes {@code rendered} (the operator wrote it) and its
   * controller reports every replica updated to it and ready.
   */
  static Optional<String> statefulSet(
      Optional<StatefulSet> found, Predicate<PodTemplateSpec> rendered, String notRendered) {
    if (found.isEmpty()) {
      return Optional.of("control-plane StatefulSet not found");
    }
    StatefulSet sts = found.get();
    if (!rendered.test(sts.getSpec().getTemplate())) {
      return Optional.of(notRendered);
    }
    StatefulSetStatus status = sts.getStatus();
    int desired = sts.getSpec().getReplicas() == null ? 1 : sts.getSpec().getReplicas();
    if (status == null
        || status.getObservedGeneration() == null
        || status.getObservedGeneration() < sts.getMetadata().getGeneration()) {
      return Optional.of("the StatefulSet controller has not seen the new template yet");
    }
    int updated = status.getUpdatedReplicas() == null ? 0 : status.getUpdatedReplicas();
    int ready = status.getReadyReplicas() == null ? 0 : status.getReadyReplicas();
    boolean revisionDone =
        status.getUpdateRevision() == null
            || Objects.equals(status.getUpdateRevision(), status.getCurrentRevision());
    if (updated < desired || !revisionDone) {
      return Optional.of(updated + "/" + desired + " control-plane replicas updated");
    }
    if (ready < desired) {
      return Optional.of(ready + "/" + desired + " control-plane replicas ready");
    }
    return Optional.empty();
  }

  /** As {@link #statefulSet}, for a Deployment: every replica updated and available. */
  static Optional<String> deployment(
      Optional<Deployment> found, Predicate<PodTemplateSpec> rendered, String notRendered) {
    if (found.isEmpty()) {
      return Optional.of("Deployment not found");
    }
    Deployment deployment = found.get();
    String name = "Deployment " + deployment.getMetadata().getName();
    if (!rendered.test(deployment.getSpec().getTemplate())) {
      return Optional.of(name + ": " + notRendered);
    }
    DeploymentStatus status = deployment.getStatus();
    int desired = deployment.getSpec().getReplicas() == null ? 1 : deployment.getSpec().getReplicas();
    if (status == null
        || status.getObservedGeneration() == null
        || status.getObservedGeneration() < deployment.getMetadata().getGeneration()) {
      return Optional.of(name + ": its controller has not seen the new template yet");
    }
    int updated = status.getUpdatedReplicas() == null ? 0 : status.getUpdatedReplicas();
    int available = status.getAvailableReplicas() == null ? 0 : status.getAvailableReplicas();
    int total = status.getReplicas() == null ? 0 : status.getReplicas();
    if (updated < desired || total > updated) {
      return Optional.of(name + ": " + updated + "/" + desired + " replicas updated");
    }
    if (available < desired) {
      return Optional.of(name + ": " + available + "/" + desired + " replicas available");
    }
    return Optional.empty();
  }

  /** A template whose annotation {@code key} is {@code value}. */
  static Predicate<PodTemplateSpec> annotated(String key, String value) {
    return template -> {
      Map<String, String> annotations =
          template.getMetadata() == null ? null : template.getMetadata().getAnnotations();
      return annotations != null && value.equals(annotations.get(key));
    };
  }
}
