package dev.enclave.core.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.enclave.api.v1alpha1.Jurisdiction;
import dev.enclave.api.v1alpha1.PolicySpec;
import dev.enclave.api.v1alpha1.TenantCluster;
import dev.enclave.core.controlplane.Fixtures;
import dev.enclave.core.render.ManifestWriter;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The bundles as Gatekeeper ConstraintTemplates; `gator verify` runs them in GatorVerifyIT. */
class GatekeeperBundleBuilderTest {

  @Test
  void eachBuiltBundleIsATemplateAndAConstraintNamedEnclaveBundle_inAFixedOrder() {
    List<HasMetadata> objects =
        GatekeeperBundleBuilder.build(tenant("sbom", "pod-security", "residency"), Fixtures.eu());

    assertThat(objects)
        .extracting(o -> o.getApiVersion() + " " + o.getKind() + " " + o.getMetadata().getName())
        .containsExactly(
            "templates.gatekeeper.sh/v1 ConstraintTemplate enclaveresidency",
            "constraints.gatekeeper.sh/v1beta1 EnclaveResidency enclave-residency",
            "templates.gatekeeper.sh/v1 ConstraintTemplate enclavesbom",
            "constraints.gatekeeper.sh/v1beta1 EnclaveSbom enclave-sbom");
    assertThat(objects)
        .allSatisfy(
            o ->
                assertThat(o.getMetadata().getLabels())
                    .containsEntry("app.kubernetes.io/managed-by", "enclave")
                    .containsEntry("enclave.dev/jurisdiction", "eu")
                    .containsKey("enclave.dev/policy-bundle"));
  }

  @Test
  void bundlesEnforcedElsewhereBuildNoTemplate() {
    assertThat(
            GatekeeperBundleBuilder.build(
                tenant("pod-security", "network-isolation"), Fixtures.eu()))
        .isEmpty();
  }

  @Test
  void theTemplateNamesItsConstraintKind_andItsRegoPackageIsTheTemplateName() {
    GenericKubernetesResource template =
        (GenericKubernetesResource)
            GatekeeperBundleBuilder.build(tenant("image-provenance"), Fixtures.eu()).get(0);

    assertThat(GatekeeperBundleBuilder.kind("image-provenance"))
        .isEqualTo("EnclaveImageProvenance");
    assertThat(template.getMetadata().getName()).isEqualTo("enclaveimageprovenance");
    assertThat(rego(template)).startsWith("package enclaveimageprovenance\n");
    assertThat(template.getAdditionalProperties().get("spec").toString())
        .contains("kind=EnclaveImageProvenance");
  }

  @Test
  void constraintsDeny_andMatchPodsEveryPodTemplateKind_claimsOnlyForResidency() {
    List<HasMetadata> objects = GatekeeperBundleBuilder.build(everyBundle(), Fixtures.eu());

    assertThat(constraints(objects))
        .extracting(c -> c.getKind() + ": " + spec(c).get("enforcementAction") + " " + kinds(c))
        .containsExactly(
            "EnclaveResidency: deny [[Pod], [Deployment, ReplicaSet, StatefulSet, DaemonSet],"
                + " [Job, CronJob], [PersistentVolumeClaim]]",
            "EnclaveImageProvenance: deny [[Pod], [Deployment, ReplicaSet, StatefulSet,"
                + " DaemonSet], [Job, CronJob]]",
            "EnclaveSbom: deny [[Pod], [Deployment, ReplicaSet, StatefulSet, DaemonSet], [Job,"
                + " CronJob]]");
  }

  @Test
  void theJurisdictionsValuesAreBakedIntoTheRegoAsLiterals() {
    List<HasMetadata> objects = GatekeeperBundleBuilder.build(everyBundle(), Fixtures.eu());

    assertThat(rego(objects.get(0)))
        .contains(
            "node_selector := {\"enclave.dev/jurisdiction\": \"eu\","
                + " \"topology.kubernetes.io/region\": \"eu-central-1\"}")
        .contains("storage_classes := [\"eu-encrypted\"]")
        .contains("jurisdiction := \"\\\"eu\\\"\"");
    assertThat(rego(objects.get(2)))
        .contains("registries := [\"registry.eu.example.com\", \"mirror.eu.example.com\"]")
        .contains("registries_text := \"registry.eu.example.com, mirror.eu.example.com\"");
  }

  @Test
  void oddRegistryNamesAreEscapedAsRegoStringLiterals() {
    Jurisdiction odd = Fixtures.eu();
    odd.getSpec().setRegistries(List.of("reg\"quote.example.com", "back\\slash\n.example.com"));

    String rego = rego(GatekeeperBundleBuilder.build(tenant("image-provenance"), odd).get(0));

    assertThat(rego)
        .contains("registries := [\"reg\\\"quote.example.com\", \"back\\\\slash\\n.example.com\"]");
  }

  @Test
  void anUpdateIsJudgedOnlyWhenItChangesWhatTheBundleReads() {
    String rego = rego(GatekeeperBundleBuilder.build(tenant("sbom"), Fixtures.eu()).get(0));

    assertThat(rego)
        .contains("judged { input.review.operation != \"UPDATE\" }")
        .contains("judged { judged_fields(input.review.oldObject) != judged_fields(obj) }")
        .contains("judged_fields(o) := o.spec.template { template_kinds[o.kind] }");
  }

  @Test
  void regoLiteralsForEmptyCollections() {
    assertThat(PodTemplateRego.array(List.of())).isEqualTo("[]");
    assertThat(PodTemplateRego.set(List.of())).isEqualTo("set()");
    assertThat(PodTemplateRego.set(List.of("Job"))).isEqualTo("{\"Job\"}");
  }

  /**
   * Every bundle for the EU fixture, compared with {@code
   * src/test/resources/golden/policy-bundles-gatekeeper.yaml}; regenerate with {@code mvn -q -pl
   * enclave-api,enclave-core test -Denclave.updateGolden=true} and review the Rego diff.
   */
  @Test
  void everyBundleBuildsAsItsGoldenFile() throws IOException {
    String built =
        ManifestWriter.toYaml(GatekeeperBundleBuilder.build(everyBundle(), Fixtures.eu()));
    Path golden = Path.of("src", "test", "resources", "golden", "policy-bundles-gatekeeper.yaml");
    if (Boolean.getBoolean("enclave.updateGolden")) {
      Files.writeString(golden, built, StandardCharsets.UTF_8);
    }

    assertThat(built)
        .as("%s differs; if intended, regenerate with -Denclave.updateGolden=true", golden)
        .isEqualTo(Files.readString(golden, StandardCharsets.UTF_8));
  }

  @Test
  void theSameInputGivesByteIdenticalOutput_whateverTheOrderBundlesAreDeclaredIn() {
    String first =
        ManifestWriter.toYaml(
            GatekeeperBundleBuilder.build(
                tenant("residency", "image-provenance", "sbom"), Fixtures.eu()));
    String again =
        ManifestWriter.toYaml(
            GatekeeperBundleBuilder.build(
                tenant("sbom", "image-provenance", "residency"), Fixtures.eu()));

    assertThat(again).isEqualTo(first);
  }

  private static TenantCluster everyBundle() {
    return tenant("residency", "image-provenance", "sbom", "pod-security", "network-isolation");
  }

  private static TenantCluster tenant(String... bundles) {
    TenantCluster tenant = Fixtures.embedded();
    PolicySpec policy = new PolicySpec();
    policy.setEngine("gatekeeper");
    policy.setBundles(new ArrayList<>(List.of(bundles)));
    tenant.getSpec().setPolicy(policy);
    return tenant;
  }

  private static List<HasMetadata> constraints(List<HasMetadata> objects) {
    return objects.stream().filter(o -> !o.getKind().equals("ConstraintTemplate")).toList();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> spec(HasMetadata object) {
    return (Map<String, Object>)
        ((GenericKubernetesResource) object).getAdditionalProperties().get("spec");
  }

  @SuppressWarnings("unchecked")
  private static List<List<String>> kinds(HasMetadata constraint) {
    Map<String, Object> match = (Map<String, Object>) spec(constraint).get("match");
    List<Map<String, Object>> kinds = (List<Map<String, Object>>) match.get("kinds");
    return kinds.stream().map(k -> (List<String>) k.get("kinds")).toList();
  }

  @SuppressWarnings("unchecked")
  private static String rego(HasMetadata template) {
    List<Map<String, Object>> targets = (List<Map<String, Object>>) spec(template).get("targets");
    return (String) targets.get(0).get("rego");
  }
}
