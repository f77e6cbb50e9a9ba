package dev.enclave.cli;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Map;
import java.util.Optional;

/** Which GitOps controller manages a live object, from the labels and annotations it writes. */
public final class GitOpsController {
  private GitOpsController() {}

  /** "Argo CD" or "Flux" when one manages {@code object}: a live change is set back unless Git says it too. */
  public static Optional<String> of(HasMetadata object) {
    Map<String, String> labels = orEmpty(object.getMetadata().getLabels());
    Map<String, String> annotations = orEmpty(object.getMetadata().getAnnotations());
    if (labels.containsKey("argocd.argoproj.io/instance") || annotations.containsKey("argocd.argoproj.io/tracking-id")) {
      return Optional.of("Argo CD");
    }
    if (labels.containsKey("kustomize.toolkit.fluxcd.io/name")) {
      return Optional.of("Flux");
    }
    return Optional.empty();
  }

  private static Map<String, String> orEmpty(Map<String, String> map) {
    return map == null ? Map.of() : map;
  }
}
