package dev.enclave.operator.webhook;

import dev.enclave.api.v1alpha1.EnclaveApi;
import dev.enclave.api.v1alpha1.Jurisdiction;
import dev.enclave.api.v1alpha1.JurisdictionSpec;
import dev.enclave.api.v1alpha1.Placement;
import dev.enclave.operator.PlatformSource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionRequest;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Validates pods in tenant host namespaces: placement inside the namespace's jurisdiction and
 * nothing that reaches into the node. Pods of any other namespace are allowed untouched.
 */
final class PodValidator implements AdmissionValidator {
  private final NamespaceLookup namespaces;
  private final PlatformSource platforms;
  private final AdmissionCodec codec;

  PodValidator(NamespaceLookup namespaces, PlatformSource platforms, AdmissionCodec codec) {
    this.namespaces = namespaces;
    this.platforms = platforms;
    this.codec = codec;
  }

  @Override
  public Verdict validate(AdmissionRequest request) {
    if (!isPodSpecWrite(request)) {
      return Verdict.allow();
    }
    Optional<String> jurisdiction =
        namespaces.find(request.getNamespace()).flatMap(TenantHostNamespace::jurisdictionOf);
    if (jurisdiction.isEmpty()) {
      return Verdict.allow();
    }
    if (request.getObject() == null) {
      return Verdict.deny("Pod/" + request.getName() + ": request.object is missing");
    }
    return validateTenantPod(request, jurisdiction.get());
  }

  private Verdict validateTenantPod(AdmissionRequest request, String jurisdiction) {
    Pod pod = readPod(request);
    PodFindings findings = new PodFindings(pod, request.getName());
    if (pod.getSpec() == null) {
      findings.add("spec", "a pod needs a spec", "none", "a pod spec");
      return Verdict.deny(findings.describe());
    }
    Map<String, String> nodeSelector = nodeSelectorOf(jurisdiction);
    if (nodeSelector.isEmpty()) {
      return Verdict.deny(uncontainable(request, jurisdiction, findings));
    }
    boolean creating = "CREATE".equals(request.getOperation());
    PodPlacementRules.check(pod.getSpec(), jurisdiction, nodeSelector, creating, findings);
    PodSecurityRules.check(pod.getSpec(), findings);
    return Verdict.allowIfEmpty(findings.describe());
  }

  /** Pod creation, or an update of the pod itself or its ephemeral containers (not status). */
  private static boolean isPodSpecWrite(AdmissionRequest request) {
    String group = request.getKind().getGroup();
    String subResource = request.getSubResource();
    return "Pod".equals(request.getKind().getKind())
        && (group == null || group.isEmpty())
        && ("CREATE".equals(request.getOperation()) || "UPDATE".equals(request.getOperation()))
        && (subResource == null
            || subResource.isEmpty()
            || "ephemeralcontainers".equals(subResource));
  }

  private Pod readPod(AdmissionRequest request) {
    Pod pod = codec.convert(request.getObject(), Pod.class);
    if (pod.getMetadata().getNamespace() == null) {
      pod.getMetadata().setNamespace(request.getNamespace());
    }
    return pod;
  }

  /** Empty when the jurisdiction is not declared or declares no node selector. */
  private Map<String, String> nodeSelectorOf(String jurisdiction) {
    return platforms
        .snapshot()
        .jurisdiction(jurisdiction)
        .map(Jurisdiction::getSpec)
        .map(JurisdictionSpec::getPlacement)
        .map(Placement::getNodeSelector)
        .orElse(Map.of());
  }

  /** Refuse rather than guess when the namespace's jurisdiction cannot contain anything. */
  private static List<String> uncontainable(
      AdmissionRequest request, String jurisdiction, PodFindings findings) {
    findings.add(
        "metadata.namespace",
        "namespace \""
            + request.getNamespace()
            + "\" is labelled "
            + EnclaveApi.JURISDICTION_LABEL
            + "="
            + jurisdiction
            + ", a jurisdiction that is not declared or has no placement.nodeSelector",
        "\"" + jurisdiction + "\"",
        "a declared Jurisdiction with placement.nodeSelector");
    return findings.describe();
  }
}
