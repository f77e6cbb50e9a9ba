package dev.enclave.core.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.enclave.api.v1alpha1.Jurisdiction;
import dev.enclave.api.v1alpha1.PolicySpec;
import dev.enclave.api.v1alpha1.TenantCluster;
import dev.enclave.core.controlplane.Fixtures;
import dev.enclave.core.render.ManifestWriter;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.NamedRuleWithOperations;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicy;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBinding;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.Validation;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PolicyBundleBuilderTest {

  @Test
  void eachBuiltBundleIsAPolicyAndABindingNamedEnclaveBundle_inAFixedOrder() {
    List<HasMetadata> objects =
        PolicyBundleBuilder.build(tenant("sbom", "pod-security", "residency"), Fixtures.eu());

    assertThat(objects)
        .extracting(o -> o.getKind() + " " + o.getMetadata().getName())
        .containsExactly(
            "ValidatingAdmissionPolicy enclave-residency",
            "ValidatingAdmissionPolicyBinding enclave-residency",
            "ValidatingAdmissionPolicy enclave-sbom",
            "ValidatingAdmissionPolicyBinding enclave-sbom");
    assertThat(objects)
        .allSatisfy(
            o ->
                assertThat(o.getMetadata().getLabels())
                    .containsEntry("app.kubernetes.io/managed-by", "enclave")
                    .containsEntry("enclave.dev/jurisdiction", "eu")
                    .containsKey("enclave.dev/policy-bundle"));
  }

  @Test
  void bundlesEnforcedElsewhereBuildNoPolicy() {
    assertThat(
            PolicyBundleBuilder.build(tenant("pod-security", "network-isolation"), Fixtures.eu()))
        .isEmpty();
    TenantCluster none = Fixtures.minimal();
    assertThat(PolicyBundleBuilder.build(none, Fixtures.eu())).isEmpty();
  }

  @Test
  void theSameInputGivesByteIdenticalPolicies_whateverTheOrderBundlesAreDeclaredIn() {
    String first =
        Serialization.asYaml(
            PolicyBundleBuilder.build(
                tenant("residency", "image-provenance", "sbom"), Fixtures.eu()));
    String again =
        Serialization.asYaml(
            PolicyBundleBuilder.build(
                tenant("sbom", "image-provenance", "residency"), Fixtures.eu()));

    assertThat(again).isEqualTo(first);
  }

  /**
   * The policies of every bundle for the EU fixture, compared with {@code
   * src/test/resources/golden/policy-bundles.yaml}; after an intended change regenerate with {@code
   * mvn -q -pl enclave-api,enclave-core test -Denclave.updateGolden=true} and review the CEL diff.
   */
  @Test
  void everyBundleBuildsAsItsGoldenFile() throws IOException {
    String built = ManifestWriter.toYaml(PolicyBundleBuilder.build(everyBundle(), Fixtures.eu()));
    Path golden = Path.of("src", "test", "resources", "golden", "policy-bundles.yaml");
    if (Boolean.getBoolean("enclave.updateGolden")) {
      Files.writeString(golden, built, StandardCharsets.UTF_8);
    }

    assertThat(built)
        .as("%s differs; if intended, regenerate with -Denclave.updateGolden=true", golden)
        .isEqualTo(Files.readString(golden, StandardCharsets.UTF_8));
  }

  @Test
  void policiesFailClosed_andBindingsDeny() {
    List<HasMetadata> objects = PolicyBundleBuilder.build(everyBundle(), Fixtures.eu());

    assertThat(policies(objects))
        .allSatisfy(p -> assertThat(p.getSpec().getFailurePolicy()).isEqualTo("Fail"));
    assertThat(objects)
        .filteredOn(ValidatingAdmissionPolicyBinding.class::isInstance)
        .map(ValidatingAdmissionPolicyBinding.class::cast)
        .allSatisfy(
            b -> {
              assertThat(b.getSpec().getValidationActions()).containsExactly("Deny");
              assertThat(b.getSpec().getPolicyName()).isEqualTo(b.getMetadata().getName());
            });
  }

  @Test
  void podsAndEveryPodTemplateKindAreMatchedOnCreateAndUpdate_claimsOnlyByResidency() {
    List<ValidatingAdmissionPolicy> policies =
        policies(PolicyBundleBuilder.build(everyBundle(), Fixtures.eu()));

    assertThat(policies)
        .extracting(p -> p.getMetadata().getName() + ": " + rules(p))
        .containsExactly(
            "enclave-residency: [[pods], [deployments, replicasets, statefulsets, daemonsets],"
                + " [jobs, cronjobs], [persistentvolumeclaims]]",
            "enclave-image-provenance: [[pods, pods/ephemeralcontainers], [deployments,"
                + " replicasets, statefulsets, daemonsets], [jobs, cronjobs]]",
            "enclave-sbom: [[pods], [deployments, replicasets, statefulsets, daemonsets], [jobs,"
                + " cronjobs]]");
    assertThat(policies)
        .flatExtracting(p -> p.getSpec().getMatchConstraints().getResourceRules())
        .allSatisfy(r -> assertThat(r.getOperations()).containsExactly("CREATE", "UPDATE"));
  }

  @Test
  void theRefusalsNameTheJurisdictionAndWhatItAllows() {
    List<ValidatingAdmissionPolicy> policies =
        policies(PolicyBundleBuilder.build(everyBundle(), Fixtures.eu()));

    assertThat(messages(policies.get(0)))
        .anySatisfy(
            m ->
                assertThat(m)
                    .contains(
                        "\\\" is not allowed in jurisdiction \\\"eu\\\"; allowed: eu-encrypted\""))
        .anySatisfy(
            m ->
                assertThat(m)
                    .contains(
                        "\".nodeSelector[\\\"enclave.dev/jurisdiction\\\"]: node selector value"
                            + " \\\"\""));
    assertThat(messages(policies.get(1)))
        .first()
        .asString()
        .contains(
            "is not from a registry of jurisdiction \\\"eu\\\"; allowed: registry.eu.example.com,"
                + " mirror.eu.example.com\"");
    assertThat(policies.get(1).getSpec().getVariables())
        .filteredOn(v -> v.getName().equals("foreignImage"))
        .singleElement()
        .satisfies(
            v ->
                assertThat(v.getExpression())
                    .contains(
                        "![\"registry.eu.example.com\", \"mirror.eu.example.com\"]"
                            + ".exists(r, i.startsWith(r + \"/\"))")
                    // A CEL list literal must be of one type: the found image is made a string.
                    .contains(", string(variables.containerImages.filter(i, "));
  }

  @Test
  void oneValidationPerPinnedNodeSelectorKey_plusClaimsAndClaimTemplates() {
    ValidatingAdmissionPolicy residency =
        policies(PolicyBundleBuilder.build(tenant("residency"), Fixtures.eu())).get(0);

    assertThat(residency.getSpec().getValidations()).hasSize(2 + 2);
    assertThat(residency.getSpec().getValidations().get(0).getExpression())
        .contains("[\"enclave.dev/jurisdiction\"] == \"eu\"");
    assertThat(residency.getSpec().getValidations().get(1).getExpression())
        .contains("[\"topology.kubernetes.io/region\"] == \"eu-central-1\"");
  }

  @Test
  void oddRegistryNamesAreEscapedAsCelStringLiterals() {
    Jurisdiction odd = Fixtures.eu();
    odd.getSpec().setRegistries(List.of("reg\"quote.example.com", "back\\slash\n.example.com"));

    ValidatingAdmissionPolicy provenance =
        policies(PolicyBundleBuilder.build(tenant("image-provenance"), odd)).get(0);

    assertThat(provenance.getSpec().getVariables())
        .filteredOn(v -> v.getName().equals("foreignImage"))
        .singleElement()
        .satisfies(
            v ->
                assertThat(v.getExpression())
                    .contains("[\"reg\\\"quote.example.com\", \"back\\\\slash\\n.example.com\"]"));
  }

  @Test
  void celLiteralsEscapeQuotesBackslashesAndControlCharacters() {
    assertThat(CelLiterals.string("a\"b\\c\nd\te\u0001")).isEqualTo("\"a\\\"b\\\\c\\nd\\te\\u0001\"");
    assertThat(CelLiterals.string("registry.eu.example.com")).isEqualTo("\"registry.eu.example.com\"");
    assertThat(CelLiterals.list(List.of("a", "b"))).isEqualTo("[\"a\", \"b\"]");
    assertThat(CelLiterals.list(List.of())).isEqualTo("[]");
  }

  @Test
  void anUpdateIsJudgedOnlyWhenItChangesThePodSpecOrTemplate() {
    ValidatingAdmissionPolicy sbom =
        policies(PolicyBundleBuilder.build(tenant("sbom"), Fixtures.eu())).get(0);

    assertThat(sbom.getSpec().getMatchConditions())
        .singleElement()
        .satisfies(
            c ->
                assertThat(c.getExpression())
                    .startsWith("request.operation != \"UPDATE\" || ")
                    .contains("oldObject.spec.template != object.spec.template"));
  }

  private static TenantCluster everyBundle() {
    return tenant("residency", "image-provenance", "sbom", "pod-security", "network-isolation");
  }

  private static TenantCluster tenant(String... bundles) {
    TenantCluster tenant = Fixtures.embedded();
    PolicySpec policy = new PolicySpec();
    policy.setBundles(new ArrayList<>(List.of(bundles)));
    tenant.getSpec().setPolicy(policy);
    return tenant;
  }

  private static List<ValidatingAdmissionPolicy> policies(List<HasMetadata> objects) {
    return objects.stream()
        .filter(ValidatingAdmissionPolicy.class::isInstance)
        .map(ValidatingAdmissionPolicy.class::cast)
        .toList();
  }

  private static List<List<String>> rules(ValidatingAdmissionPolicy policy) {
    return policy.getSpec().getMatchConstraints().getResourceRules().stream()
        .map(NamedRuleWithOperations::getResources)
        .toList();
  }

  private static List<String> messages(ValidatingAdmissionPolicy policy) {
    return policy.getSpec().getValidations().stream()
        .map(Validation::getMessageExpression)
        .toList();
  }
}
