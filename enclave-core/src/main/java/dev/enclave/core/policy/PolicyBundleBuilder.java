package dev.enclave.core.policy;

import static dev.enclave.core.policy.PodTemplateCel.PVC;
import static dev.enclave.core.policy.PodTemplateCel.variable;

import dev.enclave.api.v1alpha1.EnclaveApi;
import dev.enclave.api.v1alpha1.Jurisdiction;
import dev.enclave.api.v1alpha1.PolicySpec;
import dev.enclave.api.v1alpha1.TenantCluster;
import dev.enclave.core.compliance.Messages;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.NamedRuleWithOperations;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicy;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBinding;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBindingBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.Validation;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidationBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.Variable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A tenant's policy bundles as ValidatingAdmissionPolicies and their bindings, enforced by the
 * tenant's own API server: one policy {@code enclave-<bundle>} per bundle, failing closed, bound
 * with {@code Deny}. The jurisdiction's registries, storage classes and node selector are baked in
 * as CEL literals, so the output depends on the two objects alone. Pure.
 */
public final class PolicyBundleBuilder {
  public static final String NAME_PREFIX = "enclave-";
  public static final String BUNDLE_LABEL = EnclaveApi.GROUP + "/policy-bundle";

  /** A pod (template) annotation naming the SBOM attestation of its images. */
  public static final String SBOM_ANNOTATION = EnclaveApi.GROUP + "/sbom";

  /** A pod (template) annotation recording the images' signature; digests are optional then. */
  public static final String SIGNATURE_ANNOTATION = EnclaveApi.GROUP + "/image-signature";

  /** Bundles built as policies here, in the order they are built. */
  public static final List<String> BUILT = List.of("residency", "image-provenance", "sbom");

  /**
   * Bundles that need no policy inside the tenant: Pod Security Admission labels enforce
   * pod-security, the host's NetworkPolicies enforce network-isolation.
   */
  public static final List<String> ENFORCED_ELSEWHERE = List.of("pod-security", "network-isolation");

  private static final String DIGEST = "@sha256:[0-9a-f]{64}$";

  private PolicyBundleBuilder() {}

  /** The policy (and binding) name of a bundle. */
  public static String name(String bundle) {
    return NAME_PREFIX + bundle;
  }

  /** The declared bundles this builder turns into policies, in {@link #BUILT} order. */
  public static List<String> installed(TenantCluster tenant) {
    PolicySpec policy = tenant.getSpec().getPolicy();
    List<String> declared =
        policy == null || policy.getBundles() == null ? List.of() : policy.getBundles();
    return BUILT.stream().filter(declared::contains).toList();
  }

  /** Each installed bundle's policy followed by its binding. */
  public static List<HasMetadata> build(TenantCluster tenant, Jurisdiction jurisdiction) {
    List<HasMetadata> objects = new ArrayList<>();
    for (String bundle : installed(tenant)) {
      objects.add(policy(bundle, jurisdiction));
      objects.add(binding(bundle, jurisdiction));
    }
    return objects;
  }

  private static ValidatingAdmissionPolicy policy(String bundle, Jurisdiction jurisdiction) {
    return switch (bundle) {
      case "residency" -> residency(jurisdiction);
      case "image-provenance" -> imageProvenance(jurisdiction);
      case "sbom" -> sbom(jurisdiction);
      default -> throw new IllegalArgumentException("no policy for bundle " + bundle);
    };
  }

  /** Pods stay on the jurisdiction's nodes; claims use its storage classes. */
  private static ValidatingAdmissionPolicy residency(Jurisdiction jurisdiction) {
    List<Validation> validations = new ArrayList<>(nodeSelectorValidations(jurisdiction));
    validations.addAll(storageClassValidations(jurisdiction));
    String allowedClasses = CelLiterals.list(orEmpty(jurisdiction.getSpec().getStorageClasses()));
    List<Variable> variables = new ArrayList<>(PodTemplateCel.podVariables());
    variables.add(
        variable(
            "templateClasses",
            "object.kind == \"StatefulSet\" && has(object.spec.volumeClaimTemplates)"
                + " ? object.spec.volumeClaimTemplates.map(t,"
                + " has(t.spec.storageClassName) ? t.spec.storageClassName : null) : []"));
    variables.add(
        variable(
            "foreignTemplateClasses",
            "variables.templateClasses.filter(c, c != null && !(c in " + allowedClasses + "))"));
    List<NamedRuleWithOperations> rules =
        new ArrayList<>(PodTemplateCel.workloadRules(List.of("pods")));
    rules.add(PodTemplateCel.rule("", "v1", List.of("persistentvolumeclaims")));
    return policy("residency", jurisdiction, rules, variables, validations);
  }

  /** One validation per key of the jurisdiction's node selector: a pod may set it only to its value. */
  private static List<Validation> nodeSelectorValidations(Jurisdiction jurisdiction) {
    String name = Messages.quote(jurisdiction.getMetadata().getName());
    String selector = "variables.podSpec.nodeSelector";
    List<Validation> validations = new ArrayList<>();
    for (Map.Entry<String, String> pin : nodeSelector(jurisdiction).entrySet()) {
      String key = CelLiterals.string(pin.getKey());
      validations.add(
          validation(
              "object.kind == \"" + PVC + "\" || !has(" + selector + ") || !(" + key + " in "
                  + selector + ") || " + selector + "[" + key + "] == "
                  + CelLiterals.string(pin.getValue()),
              "variables.podPath + "
                  + CelLiterals.string(
                      ".nodeSelector[\"" + pin.getKey() + "\"]: node selector value \"")
                  + " + " + selector + "[" + key + "] + "
                  + CelLiterals.string(
                      "\" is not allowed in jurisdiction " + name + "; allowed: "
                          + pin.getValue()),
              "a node selector " + pin.getKey() + " places the pod outside jurisdiction " + name));
    }
    return validations;
  }

  /** A claim's class, and a StatefulSet's claim templates' classes, are the jurisdiction's. */
  private static List<Validation> storageClassValidations(Jurisdiction jurisdiction) {
    String name = Messages.quote(jurisdiction.getMetadata().getName());
    List<String> classes = orEmpty(jurisdiction.getSpec().getStorageClasses());
    String classTail =
        CelLiterals.string(
            "\" is not allowed in jurisdiction " + name + "; allowed: " + Messages.list(classes));
    String claimClass = "object.spec.storageClassName";
    return List.of(
        validation(
            "object.kind != \"" + PVC + "\" || !has(" + claimClass + ") || " + claimClass + " in "
                + CelLiterals.list(classes),
            CelLiterals.string("spec.storageClassName: storage class \"") + " + " + claimClass
                + " + " + classTail,
            "a storage class is not allowed in jurisdiction " + name),
        validation(
            "size(variables.foreignTemplateClasses) == 0",
            CelLiterals.string("spec.volumeClaimTemplates[")
                + " + string(variables.templateClasses.indexOf(variables.foreignTemplateClasses[0]))"
                + " + " + CelLiterals.string("].spec.storageClassName: storage class \"")
                + " + variables.foreignTemplateClasses[0] + " + classTail,
            "a volume claim template's storage class is not allowed in jurisdiction " + name));
  }

  /** Images from the jurisdiction's registries, pinned by digest unless the pod is signed. */
  private static ValidatingAdmissionPolicy imageProvenance(Jurisdiction jurisdiction) {
    String name = Messages.quote(jurisdiction.getMetadata().getName());
    List<String> registries = orEmpty(jurisdiction.getSpec().getRegistries());
    String signature = CelLiterals.string(SIGNATURE_ANNOTATION);
    List<Variable> variables = new ArrayList<>(PodTemplateCel.podVariables());
    variables.addAll(PodTemplateCel.imageVariables());
    variables.add(
        variable(
            "foreignImage",
            PodTemplateCel.firstImage(
                "!" + CelLiterals.list(registries) + ".exists(r, i.startsWith(r + \"/\"))")));
    variables.add(
        variable(
            "signed",
            signature + " in variables.podAnnotations && variables.podAnnotations[" + signature
                + "] != \"\""));
    variables.add(
        variable(
            "unpinnedImage",
            PodTemplateCel.firstImage("!i.matches(" + CelLiterals.string(DIGEST) + ")")));
    List<Validation> validations =
        List.of(
            validation(
                "size(variables.foreignImage) == 0",
                "variables.foreignImage[0] + " + CelLiterals.string(": image \"")
                    + " + variables.foreignImage[1] + "
                    + CelLiterals.string(
                        "\" is not from a registry of jurisdiction " + name + "; allowed: "
                            + Messages.list(registries)),
                "an image is not from a registry of jurisdiction " + name),
            validation(
                "variables.signed || size(variables.unpinnedImage) == 0",
                "variables.unpinnedImage[0] + " + CelLiterals.string(": image \"")
                    + " + variables.unpinnedImage[1] + "
                    + CelLiterals.string(
                        "\" is not pinned by digest (@sha256:<64 hex>) and the pod has no "
                            + SIGNATURE_ANNOTATION + " annotation"),
                "an image is neither pinned by digest nor signed"));
    return policy(
        "image-provenance",
        jurisdiction,
        PodTemplateCel.workloadRules(List.of("pods", "pods/ephemeralcontainers")),
        variables,
        validations);
  }

  /** Every pod (template) names its SBOM attestation. */
  private static ValidatingAdmissionPolicy sbom(Jurisdiction jurisdiction) {
    String annotation = CelLiterals.string(SBOM_ANNOTATION);
    Validation validation =
        validation(
            annotation + " in variables.podAnnotations && variables.podAnnotations[" + annotation
                + "] != \"\"",
            "variables.annotationsPath + "
                + CelLiterals.string(
                    "[\"" + SBOM_ANNOTATION + "\"]: annotation is missing; required: a reference"
                        + " to the SBOM attestation of the pod's images"),
            "the pod has no " + SBOM_ANNOTATION + " annotation");
    return policy(
        "sbom",
        jurisdiction,
        PodTemplateCel.workloadRules(List.of("pods")),
        PodTemplateCel.podVariables(),
        List.of(validation));
  }

  private static ValidatingAdmissionPolicy policy(
      String bundle,
      Jurisdiction jurisdiction,
      List<NamedRuleWithOperations> rules,
      List<Variable> variables,
      List<Validation> validations) {
    return new ValidatingAdmissionPolicyBuilder()
        .withMetadata(metadata(bundle, jurisdiction))
        .withNewSpec()
        .withFailurePolicy("Fail")
        .withNewMatchConstraints()
        .withResourceRules(rules)
        .endMatchConstraints()
        .withMatchConditions(PodTemplateCel.templateChanged())
        .withVariables(variables)
        .withValidations(validations)
        .endSpec()
        .build();
  }

  private static ValidatingAdmissionPolicyBinding binding(
      String bundle, Jurisdiction jurisdiction) {
    return new ValidatingAdmissionPolicyBindingBuilder()
        .withMetadata(metadata(bundle, jurisdiction))
        .withNewSpec()
        .withPolicyName(name(bundle))
        .withValidationActions("Deny")
        .endSpec()
        .build();
  }

  private static Validation validation(String expression, String messageExpression, String message) {
    return new ValidationBuilder()
        .withExpression(expression)
        .withMessageExpression(messageExpression)
        .withMessage(message)
        .withReason("Forbidden")
        .build();
  }

  /** The name and labels every engine's objects of one bundle carry. */
  static ObjectMeta metadata(String bundle, Jurisdiction jurisdiction) {
    Map<String, String> labels = new TreeMap<>();
    labels.put(EnclaveApi.MANAGED_BY_LABEL, EnclaveApi.MANAGED_BY);
    labels.put(BUNDLE_LABEL, bundle);
    labels.put(EnclaveApi.JURISDICTION_LABEL, jurisdiction.getMetadata().getName());
    return new ObjectMetaBuilder().withName(name(bundle)).withLabels(labels).build();
  }

  /** The jurisdiction's node selector, sorted by key; empty when it declares none. */
  static Map<String, String> nodeSelector(Jurisdiction jurisdiction) {
    var placement = jurisdiction.getSpec().getPlacement();
    return placement == null || placement.getNodeSelector() == null
        ? Map.of()
        : new TreeMap<>(placement.getNodeSelector());
  }

  static <T> List<T> orEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }
}
