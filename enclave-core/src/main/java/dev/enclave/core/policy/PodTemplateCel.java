package dev.enclave.core.policy;

import io.fabric8.kubernetes.api.model.admissionregistration.v1.MatchCondition;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MatchConditionBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.NamedRuleWithOperations;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.NamedRuleWithOperationsBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.Variable;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.VariableBuilder;
import java.util.ArrayList;
import java.util.List;

/**
 * CEL that finds the pod spec in a Pod and in the pod template of every workload kind (Deployment,
 * ReplicaSet, StatefulSet, DaemonSet, Job; a CronJob's job template), so one policy refuses a bad
 * Deployment at {@code kubectl apply} rather than later, at its ReplicaSet's pods.
 */
final class PodTemplateCel {
  static final String PVC = "PersistentVolumeClaim";

  /** A CEL variable holding the images of one container list of the pod spec. */
  private record ImageList(String variable, String field) {}

  /** The image lists, in the order refusals report them. */
  private static final List<ImageList> IMAGE_LISTS =
      List.of(
          new ImageList("containerImages", "containers"),
          new ImageList("initImages", "initContainers"),
          new ImageList("ephemeralImages", "ephemeralContainers"));

  private PodTemplateCel() {}

  /** Pods and the workload kinds with a pod template, on CREATE and UPDATE. */
  static List<NamedRuleWithOperations> workloadRules(List<String> podResources) {
    return List.of(
        rule("", "v1", podResources),
        rule("apps", "v1", List.of("deployments", "replicasets", "statefulsets", "daemonsets")),
        rule("batch", "v1", List.of("jobs", "cronjobs")));
  }

  static NamedRuleWithOperations rule(String group, String version, List<String> resources) {
    return new NamedRuleWithOperationsBuilder()
        .withApiGroups(group)
        .withApiVersions(version)
        .withResources(resources)
        .withOperations("CREATE", "UPDATE")
        .build();
  }

  /**
   * An UPDATE is judged only when it changes what the policies read (a pod's spec, a workload's
   * template, a claim's spec): controllers, the garbage collector and the syncer keep scaling,
   * labelling and finalizing objects that were admitted before a bundle was installed.
   */
  static MatchCondition templateChanged() {
    return new MatchConditionBuilder()
        .withName("enclave-judged-fields-changed")
        .withExpression(
            "request.operation != \"UPDATE\" || (object.kind == \"Pod\" || object.kind == \""
                + PVC
                + "\" ? oldObject.spec != object.spec"
                + " : object.kind == \"CronJob\""
                + " ? oldObject.spec.jobTemplate != object.spec.jobTemplate"
                + " : oldObject.spec.template != object.spec.template)")
        .build();
  }

  /** {@code podSpec}, {@code podPath}, {@code podAnnotations} and {@code annotationsPath}. */
  static List<Variable> podVariables() {
    return List.of(
        variable("podSpec", byKind("object.spec", "object.spec.jobTemplate.spec.template.spec",
            "object.spec.template.spec")),
        variable("podPath", byKind(CelLiterals.string("spec"),
            CelLiterals.string("spec.jobTemplate.spec.template.spec"),
            CelLiterals.string("spec.template.spec"))),
        variable("podAnnotations", byKind(
            annotations("object"),
            annotations("object.spec.jobTemplate.spec.template"),
            annotations("object.spec.template"))),
        variable("annotationsPath", byKind(CelLiterals.string("metadata.annotations"),
            CelLiterals.string("spec.jobTemplate.spec.template.metadata.annotations"),
            CelLiterals.string("spec.template.metadata.annotations"))));
  }

  /** {@code containerImages}, {@code initImages}, {@code ephemeralImages}: lists of image names. */
  static List<Variable> imageVariables() {
    List<Variable> variables = new ArrayList<>();
    for (ImageList list : IMAGE_LISTS) {
      String field = "variables.podSpec." + list.field();
      // containers is required; the other two lists may be absent.
      variables.add(
          variable(
              list.variable(),
              list.field().equals("containers")
                  ? field + ".map(c, c.image)"
                  : "has(" + field + ") ? " + field + ".map(c, c.image) : []"));
    }
    return variables;
  }

  /**
   * The field path and image of the first image for which {@code bad} (over {@code i}) holds, as
   * a two-element list, or an empty list when there is none. Each list is walked once when all
   * images pass, so the cost stays linear in the number of containers.
   */
  static String firstImage(String bad) {
    StringBuilder cel = new StringBuilder();
    for (ImageList list : IMAGE_LISTS) {
      String images = "variables." + list.variable();
      String found = images + ".filter(i, " + bad + ")[0]";
      // A CEL list literal has one element type, so the found image is made a string.
      cel.append(images).append(".exists(i, ").append(bad).append(") ? [variables.podPath + ")
          .append(CelLiterals.string("." + list.field() + "["))
          .append(" + string(").append(images).append(".indexOf(").append(found).append("))")
          .append(" + ").append(CelLiterals.string("].image")).append(", string(").append(found)
          .append(")] : ");
    }
    return cel.append("[]").toString();
  }

  static Variable variable(String name, String expression) {
    return new VariableBuilder().withName(name).withExpression(expression).build();
  }

  private static String byKind(String pod, String cronJob, String template) {
    return "object.kind == \"Pod\" ? (" + pod + ") : object.kind == \"CronJob\" ? (" + cronJob
        + ") : (" + template + ")";
  }

  /** The annotations of {@code parent.metadata}; a template may have no metadata at all. */
  private static String annotations(String parent) {
    return "has(" + parent + ".metadata) && has(" + parent + ".metadata.annotations) ? "
        + parent + ".metadata.annotations : {}";
  }
}
