package dev.enclave.core.policy;

import static dev.enclave.core.policy.PodTemplateRego.array;
import static dev.enclave.core.policy.PodTemplateRego.string;

import dev.enclave.api.v1alpha1.Jurisdiction;
import dev.enclave.api.v1alpha1.TenantCluster;
import dev.enclave.core.compliance.Messages;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A tenant's policy bundles in Gatekeeper's language: per bundle one ConstraintTemplate
 * ({@code templates.gatekeeper.sh/v1}, Rego) and one constraint {@code enclave-<bundle>} with
 * {@code enforcementAction: deny}. Same bundles, refusals and messages as {@link
 * PolicyBundleBuilder}; the jurisdiction's registries, storage classes and node selector are baked
 * into the Rego as literals. Gatekeeper reports every violation, not only the first. Pure.
 */
public final class GatekeeperBundleBuilder {
  public static final String TEMPLATE_API_VERSION = "templates.gatekeeper.sh/v1";
  public static final String CONSTRAINT_API_VERSION = "constraints.gatekeeper.sh/v1beta1";
  private static final String TARGET = "admission.k8s.gatekeeper.sh";
  private static final String DIGEST = "@sha256:[0-9a-f]{64}$";

  private GatekeeperBundleBuilder() {}

  /** A bundle's constraint kind: {@code EnclaveResidency}, {@code EnclaveImageProvenance}... */
  public static String kind(String bundle) {
    StringBuilder kind = new StringBuilder("Enclave");
    for (String word : bundle.split("-")) {
      kind.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
    }
    return kind.toString();
  }

  /** Each installed bundle's ConstraintTemplate followed by its constraint. */
  public static List<HasMetadata> build(TenantCluster tenant, Jurisdiction jurisdiction) {
    List<HasMetadata> objects = new ArrayList<>();
    for (String bundle : PolicyBundleBuilder.installed(tenant)) {
      objects.add(template(bundle, jurisdiction));
      objects.add(constraint(bundle, jurisdiction));
    }
    return objects;
  }

  private static GenericKubernetesResource template(String bundle, Jurisdiction jurisdiction) {
    String kind = kind(bundle);
    String pkg = kind.toLowerCase(Locale.ROOT);
    String rules =
        switch (bundle) {
          case "residency" -> residency(jurisdiction);
          case "image-provenance" -> imageProvenance(jurisdiction);
          case "sbom" -> sbom();
          default -> throw new IllegalArgumentException("no template for bundle " + bundle);
        };
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("crd", Map.of("spec", Map.of("names", Map.of("kind", kind))));
    spec.put(
        "targets",
        List.of(Map.of("target", TARGET, "rego", PodTemplateRego.prelude(pkg) + "\n" + rules)));
    return new GenericKubernetesResourceBuilder()
        .withApiVersion(TEMPLATE_API_VERSION)
        .withKind("ConstraintTemplate")
        .withMetadata(PolicyBundleBuilder.metadata(bundle, jurisdiction))
        .editMetadata()
        .withName(pkg)
        .endMetadata()
        .addToAdditionalProperties("spec", spec)
        .build();
  }

  private static GenericKubernetesResource constraint(String bundle, Jurisdiction jurisdiction) {
    List<Map<String, Object>> kinds = new ArrayList<>();
    kinds.add(match("", "Pod"));
    kinds.add(match("apps", "Deployment", "ReplicaSet", "StatefulSet", "DaemonSet"));
    kinds.add(match("batch", "Job", "CronJob"));
    if (bundle.equals("residency")) {
      kinds.add(match("", PodTemplateCel.PVC));
    }
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("enforcementAction", "deny");
    spec.put("match", Map.of("kinds", kinds));
    return new GenericKubernetesResourceBuilder()
        .withApiVersion(CONSTRAINT_API_VERSION)
        .withKind(kind(bundle))
        .withMetadata(PolicyBundleBuilder.metadata(bundle, jurisdiction))
        .addToAdditionalProperties("spec", spec)
        .build();
  }

  private static Map<String, Object> match(String group, String... kinds) {
    return Map.of("apiGroups", List.of(group), "kinds", List.of(kinds));
  }

  /** Pods stay on the jurisdiction's nodes; claims and claim templates use its storage classes. */
  private static String residency(Jurisdiction jurisdiction) {
    List<String> classes = PolicyBundleBuilder.orEmpty(jurisdiction.getSpec().getStorageClasses());
    String classRefusal =
        "storage class \\\"%v\\\" is not allowed in jurisdiction %v; allowed: %v\", [class,"
            + " jurisdiction, storage_classes_text])";
    return String.join(
        "\n",
        constant("jurisdiction", string(Messages.quote(jurisdiction.getMetadata().getName()))),
        constant("node_selector", object(PolicyBundleBuilder.nodeSelector(jurisdiction))),
        constant("storage_classes", array(classes)),
        constant("storage_classes_text", string(Messages.list(classes))),
        "",
        "violation[{\"msg\": msg}] {",
        "  judged",
        "  value := pod.spec.nodeSelector[key]",
        "  allowed := node_selector[key]",
        "  value != allowed",
        "  msg := sprintf(\"%v.nodeSelector[\\\"%v\\\"]: node selector value \\\"%v\\\" is not"
            + " allowed in jurisdiction %v; allowed: %v\", [pod_path, key, value, jurisdiction,"
            + " allowed])",
        "}",
        "",
        "violation[{\"msg\": msg}] {",
        "  judged",
        "  obj.kind == \"" + PodTemplateCel.PVC + "\"",
        "  class := obj.spec.storageClassName",
        "  class != null",
        "  not allowed_class(class)",
        "  msg := sprintf(\"spec.storageClassName: " + classRefusal,
        "}",
        "",
        "violation[{\"msg\": msg}] {",
        "  judged",
        "  obj.kind == \"StatefulSet\"",
        "  class := obj.spec.volumeClaimTemplates[i].spec.storageClassName",
        "  class != null",
        "  not allowed_class(class)",
        "  msg := sprintf(\"spec.volumeClaimTemplates[%v].spec.storageClassName: "
            + classRefusal.replace("[class,", "[i, class,"),
        "}",
        "",
        "allowed_class(class) { storage_classes[_] == class }",
        "");
  }

  /** Images from the jurisdiction's registries, pinned by digest unless the pod is signed. */
  private static String imageProvenance(Jurisdiction jurisdiction) {
    List<String> registries = PolicyBundleBuilder.orEmpty(jurisdiction.getSpec().getRegistries());
    return String.join(
        "\n",
        constant("jurisdiction", string(Messages.quote(jurisdiction.getMetadata().getName()))),
        constant("registries", array(registries)),
        constant("registries_text", string(Messages.list(registries))),
        "",
        PodTemplateRego.imageRefs(),
        "violation[{\"msg\": msg}] {",
        "  judged",
        "  image_refs[[path, image]]",
        "  not from_registry(image)",
        "  msg := sprintf(\"%v: image \\\"%v\\\" is not from a registry of jurisdiction %v;"
            + " allowed: %v\", [path, image, jurisdiction, registries_text])",
        "}",
        "",
        "from_registry(image) { startswith(image, concat(\"\", [registries[_], \"/\"])) }",
        "",
        "violation[{\"msg\": msg}] {",
        "  judged",
        "  not annotated(" + string(PolicyBundleBuilder.SIGNATURE_ANNOTATION) + ")",
        "  image_refs[[path, image]]",
        "  not regex.match(" + string(DIGEST) + ", image)",
        "  msg := sprintf(\"%v: image \\\"%v\\\" is not pinned by digest (@sha256:<64 hex>) and"
            + " the pod has no %v annotation\", [path, image, "
            + string(PolicyBundleBuilder.SIGNATURE_ANNOTATION) + "])",
        "}",
        "",
        annotated(),
        "");
  }

  /** Every pod (template) names its SBOM attestation. */
  private static String sbom() {
    String annotation = string(PolicyBundleBuilder.SBOM_ANNOTATION);
    return String.join(
        "\n",
        "violation[{\"msg\": msg}] {",
        "  judged",
        "  pod",
        "  not annotated(" + annotation + ")",
        "  msg := sprintf(\"%v[\\\"%v\\\"]: annotation is missing; required: a reference to the"
            + " SBOM attestation of the pod's images\", [annotations_path, " + annotation + "])",
        "}",
        "",
        annotated(),
        "");
  }

  private static String annotated() {
    return "annotated(key) { annotations[key] != \"\" }";
  }

  private static String constant(String name, String literal) {
    return name + " := " + literal;
  }

  /** A Rego object of string keys and values, sorted by key. */
  private static String object(Map<String, String> values) {
    List<String> entries = new ArrayList<>();
    values.forEach((k, v) -> entries.add(string(k) + ": " + string(v)));
    return "{" + String.join(", ", entries) + "}";
  }
}
