package dev.enclave.operator.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.enclave.api.v1alpha1.Jurisdiction;
import dev.enclave.api.v1alpha1.TenantCluster;
import dev.enclave.core.gitops.GitOpsLoader;
import dev.enclave.core.model.Platform;
import dev.enclave.core.policy.GatekeeperBundleBuilder;
import dev.enclave.core.render.Yaml;
import dev.enclave.testbed.Command;
import dev.enclave.testbed.Components;
import dev.enclave.testbed.Testbed;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example {@code eu} jurisdiction's bundles of acme-bank as Gatekeeper ConstraintTemplates,
 * run by Gatekeeper's own {@code gator verify} (built from its Go module by setup-k8s) against
 * good and bad Pods, workloads and claims: what a tenant would meet under {@code engine:
 * gatekeeper}, checked without a cluster.
 */
class GatorVerifyIT {
  private static final String DIGEST = "@sha256:" + "0123456789abcdef".repeat(4);
  private static final String GOOD_IMAGE = "registry.eu.example.com/web" + DIGEST;
  private static final String SBOM = "enclave.dev/sbom: \"registry.eu.example.com/web:sbom\"";
  private static final String SIGNED = "enclave.dev/image-signature: \"registry.eu.example.com/web:sig\"";
  private static final String UK = "node selector value \"uk\" is not allowed in jurisdiction \"eu\"; allowed: eu";
  private static final String US_FAST =
      "storage class \"us-fast\" is not allowed in jurisdiction \"eu\"; allowed: eu-encrypted, eu-standard";
  private static final String FOREIGN =
      "image \"docker.io/nginx:1\" is not from a registry of jurisdiction \"eu\"; allowed: registry.eu.example.com";

  @TempDir Path dir;

  @Test
  void gatorVerify_passesEveryExpectedRefusalAndAdmission_ofTheExampleEuBundles() throws IOException {
    writeBundlesAndObjects();
    Map<String, List<Map<String, Object>>> cases = new LinkedHashMap<>();
    cases.put(
        "residency",
        List.of(
            admitted("compliant-deployment"),
            admitted("pod-on-eu-nodes"),
            refused("pod-pinned-to-uk", "spec.nodeSelector[\"enclave.dev/jurisdiction\"]: " + UK),
            refused(
                "deployment-pinned-to-uk",
                "spec.template.spec.nodeSelector[\"enclave.dev/jurisdiction\"]: " + UK),
            refused(
                "cronjob-pinned-to-uk",
                "spec.jobTemplate.spec.template.spec.nodeSelector[\"enclave.dev/jurisdiction\"]: " + UK),
            admitted("claim-eu-encrypted"),
            admitted("claim-without-class"),
            refused("claim-us-fast", "spec.storageClassName: " + US_FAST),
            refused(
                "statefulset-us-fast-template",
                "spec.volumeClaimTemplates[1].spec.storageClassName: " + US_FAST)));
    cases.put(
        "image-provenance",
        List.of(
            admitted("compliant-deployment"),
            admitted("pod-signed-unpinned"),
            refused("pod-foreign-signed", "spec.containers[0].image: " + FOREIGN),
            refused("deployment-foreign-signed", "spec.template.spec.containers[0].image: " + FOREIGN),
            refused(
                "pod-unpinned-init",
                "spec.initContainers[0].image: image \"registry.eu.example.com/init:1\" is not pinned"
                    + " by digest (@sha256:<64 hex>) and the pod has no enclave.dev/image-signature"
                    + " annotation")));
    String sbomMissing =
        "[\"enclave.dev/sbom\"]: annotation is missing; required: a reference to the SBOM"
            + " attestation of the pod's images";
    cases.put(
        "sbom",
        List.of(
            admitted("compliant-deployment"),
            admitted("pod-on-eu-nodes"),
            admitted("claim-us-fast"),
            refused("pod-empty-sbom", "metadata.annotations" + sbomMissing),
            refused("deployment-without-sbom", "spec.template.metadata.annotations" + sbomMissing)));
    Files.writeString(dir.resolve("suite.yaml"), suite(cases), StandardCharsets.UTF_8);

    Command.Result verify = gatorVerify(dir);

    assertThat(verify.exitCode()).as(verify.stdout() + verify.stderr()).isZero();
    assertThat(verify.stdout())
        .contains("--- PASS: residency", "--- PASS: image-provenance", "--- PASS: sbom")
        .contains("--- PASS: statefulset-us-fast-template")
        .doesNotContain("FAIL");
  }

  @Test
  void gatorVerify_fails_whenAnExpectationIsWrong() throws IOException {
    writeBundlesAndObjects();
    Map<String, List<Map<String, Object>>> cases =
        Map.of("sbom", List.of(refused("compliant-deployment", "annotation is missing")));
    Files.writeString(dir.resolve("suite.yaml"), suite(cases), StandardCharsets.UTF_8);

    Command.Result verify = gatorVerify(dir);

    assertThat(verify.exitCode()).isNotZero();
    assertThat(verify.stdout()).contains("--- FAIL: compliant-deployment");
  }

  private static Command.Result gatorVerify(Path suiteDir) {
    Path gator = Components.fromEnvironment().tool("gator");
    return Command.run(gator, List.of("verify", "--verbose", suiteDir.toString()), Map.of(), Duration.ofMinutes(2));
  }

  /** The bundles, one file per template and constraint, and every object the cases name. */
  private void writeBundlesAndObjects() throws IOException {
    Platform platform = new GitOpsLoader().load(Testbed.examplePlatform()).platform();
    Jurisdiction eu = platform.jurisdiction("eu").orElseThrow();
    TenantCluster acme = platform.tenantCluster("tenants-eu", "acme-bank").orElseThrow();
    acme.getSpec().getPolicy().setEngine("gatekeeper");
    List<HasMetadata> bundles = GatekeeperBundleBuilder.build(acme, eu);
    assertThat(bundles).hasSize(6);
    for (HasMetadata object : bundles) {
      String bundle = object.getMetadata().getLabels().get("enclave.dev/policy-bundle");
      String role = object.getKind().equals("ConstraintTemplate") ? "template" : "constraint";
      Files.writeString(dir.resolve(role + "-" + bundle + ".yaml"), Yaml.write(object), StandardCharsets.UTF_8);
    }
    Map<String, String> objects = new LinkedHashMap<>();
    objects.put("compliant-deployment", deployment(SBOM, GOOD_IMAGE, "enclave.dev/jurisdiction: eu"));
    objects.put("pod-on-eu-nodes", pod(SBOM, GOOD_IMAGE, "enclave.dev/jurisdiction: eu", ""));
    objects.put("pod-pinned-to-uk", pod(SBOM, GOOD_IMAGE, "enclave.dev/jurisdiction: uk", ""));
    objects.put("deployment-pinned-to-uk", deployment(SBOM, GOOD_IMAGE, "enclave.dev/jurisdiction: uk"));
    objects.put("cronjob-pinned-to-uk", cronJob(GOOD_IMAGE, "enclave.dev/jurisdiction: uk"));
    objects.put("claim-eu-encrypted", claim("storageClassName: eu-encrypted"));
    objects.put("claim-without-class", claim(""));
    objects.put("claim-us-fast", claim("storageClassName: us-fast"));
    objects.put("statefulset-us-fast-template", statefulSet("eu-standard", "us-fast"));
    objects.put("pod-signed-unpinned", pod(SBOM + ", " + SIGNED, "registry.eu.example.com/web:1", "", ""));
    objects.put("pod-foreign-signed", pod(SBOM + ", " + SIGNED, "docker.io/nginx:1", "", ""));
    objects.put("deployment-foreign-signed", deployment(SBOM + ", " + SIGNED, "docker.io/nginx:1", ""));
    objects.put(
        "pod-unpinned-init",
        pod(SBOM, GOOD_IMAGE, "", "initContainers: [{name: init, image: registry.eu.example.com/init:1}]"));
    objects.put("pod-empty-sbom", pod("enclave.dev/sbom: \"\"", GOOD_IMAGE, "", ""));
    objects.put("deployment-without-sbom", deployment("", GOOD_IMAGE, ""));
    for (Map.Entry<String, String> object : objects.entrySet()) {
      Files.writeString(dir.resolve("object-" + object.getKey() + ".yaml"), object.getValue(), StandardCharsets.UTF_8);
    }
  }

  /** A gator Suite: one test per bundle, its template and constraint, and its cases. */
  private static String suite(Map<String, List<Map<String, Object>>> cases) {
    List<Map<String, Object>> tests = new ArrayList<>();
    cases.forEach(
        (bundle, list) -> {
          Map<String, Object> test = new LinkedHashMap<>();
          test.put("name", bundle);
          test.put("template", "template-" + bundle + ".yaml");
          test.put("constraint", "constraint-" + bundle + ".yaml");
          test.put("cases", list);
          tests.add(test);
        });
    Map<String, Object> suite = new LinkedHashMap<>();
    suite.put("apiVersion", "test.gatekeeper.sh/v1alpha1");
    suite.put("kind", "Suite");
    suite.put("metadata", Map.of("name", "enclave-eu-bundles"));
    suite.put("tests", tests);
    return Yaml.writeInOrder(suite);
  }

  private static Map<String, Object> admitted(String object) {
    return Map.of("name", object, "object", "object-" + object + ".yaml", "assertions", List.of(Map.of("violations", "no")));
  }

  /** Exactly one violation, whose message is {@code message} (a literal, anchored regex). */
  private static Map<String, Object> refused(String object, String message) {
    return Map.of(
        "name", object,
        "object", "object-" + object + ".yaml",
        "assertions",
            List.of(Map.of("violations", 1), Map.of("violations", 1, "message", "^\\Q" + message + "\\E$")));
  }

  private static String pod(String annotations, String image, String nodeSelector, String more) {
    return """
        apiVersion: v1
        kind: Pod
        metadata: {name: web, namespace: shop, annotations: {%s}}
        spec:
          nodeSelector: {%s}
          containers: [{name: web, image: "%s"}]
          %s
        """.formatted(annotations, nodeSelector, image, more);
  }

  private static String deployment(String annotations, String image, String nodeSelector) {
    return """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web, namespace: shop}
        spec:
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}, annotations: {%s}}
            spec:
              nodeSelector: {%s}
              containers: [{name: web, image: "%s"}]
        """.formatted(annotations, nodeSelector, image);
  }

  private static String cronJob(String image, String nodeSelector) {
    return """
        apiVersion: batch/v1
        kind: CronJob
        metadata: {name: nightly, namespace: shop}
        spec:
          schedule: "0 2 * * *"
          jobTemplate:
            spec:
              template:
                metadata: {annotations: {%s}}
                spec:
                  restartPolicy: OnFailure
                  nodeSelector: {%s}
                  containers: [{name: job, image: "%s"}]
        """.formatted(SBOM, nodeSelector, image);
  }

  private static String claim(String storageClass) {
    return """
        apiVersion: v1
        kind: PersistentVolumeClaim
        metadata: {name: data, namespace: shop}
        spec:
          accessModes: [ReadWriteOnce]
          resources: {requests: {storage: 1Gi}}
          %s
        """.formatted(storageClass);
  }

  private static String statefulSet(String first, String second) {
    return """
        apiVersion: apps/v1
        kind: StatefulSet
        metadata: {name: db, namespace: shop}
        spec:
          serviceName: db
          selector: {matchLabels: {app: db}}
          template:
            metadata: {labels: {app: db}, annotations: {%s}}
            spec:
              containers: [{name: db, image: "%s"}]
          volumeClaimTemplates:
            - metadata: {name: wal}
              spec: {storageClassName: %s, accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
            - metadata: {name: data}
              spec: {storageClassName: %s, accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
        """.formatted(SBOM, GOOD_IMAGE, first, second);
  }
}
