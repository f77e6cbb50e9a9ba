package dev.enclave.core.policy;

import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Rego (v0 syntax, as Gatekeeper compiles a template's {@code rego}) that finds the pod spec in a
 * Pod and in the pod template of every workload kind, the Gatekeeper counterpart of {@link
 * PodTemplateCel}: the same kinds, field paths and UPDATE rule.
 */
final class PodTemplateRego {
  /** Workload kinds whose pod template is {@code spec.template}. */
  static final List<String> TEMPLATE_KINDS =
      List.of("Deployment", "ReplicaSet", "StatefulSet", "DaemonSet", "Job");

  private PodTemplateRego() {}

  /**
   * {@code obj}, {@code pod}, {@code pod_path}, {@code annotations}, {@code annotations_path},
   * and {@code judged}: true unless an UPDATE leaves what the policies read unchanged (a pod's or
   * a claim's spec, a workload's template, a CronJob's job template), as the VAP match condition.
   */
  static String prelude(String pkg) {
    return String.join(
        "\n",
        "package " + pkg,
        "",
        "obj := input.review.object",
        "",
        "template_kinds := " + set(TEMPLATE_KINDS),
        "",
        "pod_prefix := \"\" { obj.kind == \"Pod\" }",
        "pod_prefix := \"spec.template.\" { template_kinds[obj.kind] }",
        "pod_prefix := \"spec.jobTemplate.spec.template.\" { obj.kind == \"CronJob\" }",
        "",
        "pod := obj { obj.kind == \"Pod\" }",
        "pod := obj.spec.template { template_kinds[obj.kind] }",
        "pod := obj.spec.jobTemplate.spec.template { obj.kind == \"CronJob\" }",
        "",
        "pod_path := concat(\"\", [pod_prefix, \"spec\"])",
        "annotations_path := concat(\"\", [pod_prefix, \"metadata.annotations\"])",
        "annotations := object.get(pod, [\"metadata\", \"annotations\"], {})",
        "",
        "judged_fields(o) := o.spec { o.kind == \"Pod\" }",
        "judged_fields(o) := o.spec { o.kind == \"" + PodTemplateCel.PVC + "\" }",
        "judged_fields(o) := o.spec.template { template_kinds[o.kind] }",
        "judged_fields(o) := o.spec.jobTemplate { o.kind == \"CronJob\" }",
        "",
        "judged { not input.review.operation }",
        "judged { input.review.operation != \"UPDATE\" }",
        "judged { judged_fields(input.review.oldObject) != judged_fields(obj) }",
        "");
  }

  /**
   * {@code image_refs}: a set of {@code [field path, image]} pairs, one per container, init
   * container and ephemeral container of the pod spec.
   */
  static String imageRefs() {
    return String.join(
        "\n",
        "image_lists := {\"containers\", \"initContainers\", \"ephemeralContainers\"}",
        "",
        "image_refs[[path, image]] {",
        "  image_lists[list]",
        "  container := pod.spec[list][i]",
        "  image := container.image",
        "  path := sprintf(\"%v.%v[%v].image\", [pod_path, list, i])",
        "}",
        "");
  }

  /** A Rego string literal (a JSON string) that evaluates to exactly {@code value}. */
  static String string(String value) {
    // JSON's escapes for a string are the ones CelLiterals writes: \\ \" \n \r \t \\uXXXX.
    return CelLiterals.string(value);
  }

  /** A Rego array of string literals, in the given order. */
  static String array(Collection<String> values) {
    return values.stream().map(PodTemplateRego::string).collect(Collectors.joining(", ", "[", "]"));
  }

  /** A Rego set of string literals ({@code set()} when empty: {@code {}} is an empty object). */
  static String set(Collection<String> values) {
    if (values.isEmpty()) {
      return "set()";
    }
    return values.stream().map(PodTemplateRego::string).collect(Collectors.joining(", ", "{", "}"));
  }
}
