package dev.enclave.operator;

import static dev.enclave.operator.OperatorHarness.servingEu;
import static dev.enclave.operator.OperatorHarness.withResync;
import static org.assertj.core.api.Assertions.assertThat;

import dev.enclave.api.v1alpha1.PolicySpec;
import dev.enclave.api.v1alpha1.TenantCluster;
import dev.enclave.core.policy.PolicyBundleBuilder;
import dev.enclave.operator.status.Conditions;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicy;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TenantPoliciesTest {
  private static final String VAPS = "/apis/admissionregistration.k8s.io/v1/validatingadmissionpolicies";

  private final OperatorHarness harness = new OperatorHarness();
  private KubernetesMockServer refusing;

  @AfterEach
  void stop() {
    harness.close();
    if (refusing != null) {
      refusing.destroy();
    }
  }

  @Test
  void whenTheTenantIsReady_thenItsApiHoldsExactlyTheBuiltPolicies_andPolicyReadyNamesThem() {
    harness.declare(Fixtures.eu());
    harness.start(servingEu());
    TenantCluster acme = Fixtures.acme();

    harness.provisionReady(acme);

    KubernetesClient tenant = harness.tenantApi.client();
    List<HasMetadata> built = PolicyBundleBuilder.build(acme, Fixtures.eu());
    List<ValidatingAdmissionPolicy> policies =
        tenant.admissionRegistration().v1().validatingAdmissionPolicies().list().getItems();
    assertThat(policies)
        .extracting(p -> p.getMetadata().getName())
        .containsExactlyInAnyOrder("enclave-residency", "enclave-image-provenance", "enclave-sbom");
    assertThat(policies)
        .allSatisfy(
            p ->
                assertThat(p.getSpec())
                    .isEqualTo(
                        built.stream()
                            .filter(b -> b.getMetadata().getName().equals(p.getMetadata().getName()))
                            .filter(ValidatingAdmissionPolicy.class::isInstance)
                            .map(b -> ((ValidatingAdmissionPolicy) b).getSpec())
                            .findFirst()
                            .orElseThrow()));
    assertThat(
            tenant.admissionRegistration().v1().validatingAdmissionPolicyBindings().list().getItems())
        .extracting(b -> b.getMetadata().getName() + " -> " + b.getSpec().getPolicyName())
        .containsExactlyInAnyOrder(
            "enclave-residency -> enclave-residency",
            "enclave-image-provenance -> enclave-image-provenance",
            "enclave-sbom -> enclave-sbom");
    Condition policy = condition(acme, "PolicyReady");
    assertThat(policy.getStatus()).isEqualTo("True");
    assertThat(policy.getReason()).isEqualTo("PoliciesInstalled");
    assertThat(policy.getMessage())
        .isEqualTo(
            "enforced by the tenant API server as ValidatingAdmissionPolicies: residency,"
                + " image-provenance, sbom");
  }

  @Test
  void whenNothingChanged_thenAResyncWritesNoPolicy() {
    harness.declare(Fixtures.eu());
    harness.start(withResync(servingEu(), Duration.ofMillis(500)));
    harness.provisionReady(Fixtures.acme());
    long reconciles = harness.operator.reconciles("tenantcluster");
    Poll.until(
        "a first resync ran", () -> harness.operator.reconciles("tenantcluster") >= reconciles + 1);
    List<String> before = harness.tenantApi.writes();

    Poll.until(
        "three more resyncs ran",
        () -> harness.operator.reconciles("tenantcluster") >= reconciles + 4);

    assertThat(before).filteredOn(w -> w.contains("validatingadmissionpolic")).hasSize(6);
    assertThat(harness.tenantApi.writes()).isEqualTo(before);
  }

  @Test
  void whenABundleIsDropped_thenItsPolicyAndBindingGo_andForeignPoliciesStay() {
    harness.declare(Fixtures.eu());
    harness.start(withResync(servingEu(), Duration.ofMillis(500)));
    TenantCluster acme = Fixtures.acme();
    harness.provisionReady(acme);
    var policies = harness.tenantApi.client().admissionRegistration().v1().validatingAdmissionPolicies();
    policies.resource(foreign("enclave-theirs", Map.of())).create();
    policies.resource(foreign("enclave-labelled", Map.of("team", "payments"))).create();

    harness.client
        .resources(TenantCluster.class)
        .inNamespace(acme.getMetadata().getNamespace())
        .withName(acme.getMetadata().getName())
        .edit(
            t -> {
              t.getSpec().getPolicy().setBundles(new ArrayList<>(List.of("residency")));
              return t;
            });

    Poll.until(
        "the sbom policy is gone", () -> policies.withName("enclave-sbom").get() == null);
    Poll.until(
        "the image-provenance binding is gone",
        () ->
            harness.tenantApi.client().admissionRegistration().v1()
                    .validatingAdmissionPolicyBindings().withName("enclave-image-provenance").get()
                == null);
    assertThat(policies.list().getItems())
        .extracting(p -> p.getMetadata().getName())
        .containsExactlyInAnyOrder("enclave-residency", "enclave-theirs", "enclave-labelled");
    Poll.until(
        "PolicyReady names residency only",
        () -> condition(acme, "PolicyReady").getMessage().endsWith(": residency"));
  }

  @Test
  void whenTheEngineIsKyverno_thenPolicyReadyIsFalse_soIsReady_andNoPolicyIsWritten() {
    harness.declare(Fixtures.eu());
    harness.start(servingEu());
    TenantCluster acme = Fixtures.acme();
    acme.getSpec().getPolicy().setEngine("kyverno");
    harness.declare(acme);
    Poll.until("acme's control plane exists", () -> harness.controlPlane(acme) != null);
    harness.markControlPlaneReady(acme);

    Poll.until(
        "PolicyReady says the engine is not installed",
        () -> hasCondition(acme, "PolicyReady", "PolicyEngineNotInstalled"));
    Condition policy = condition(acme, "PolicyReady");
    assertThat(policy.getStatus()).isEqualTo("False");
    assertThat(policy.getMessage())
        .isEqualTo(
            "policy engine \"kyverno\" is not installed: this release installs policy bundles as"
                + " ValidatingAdmissionPolicies only (engine validating-admission-policy); bundles"
                + " not enforced: residency, image-provenance, sbom");
    assertThat(condition(acme, "TenantAccessReady").getStatus()).isEqualTo("True");
    Condition ready = condition(acme, "Ready");
    assertThat(ready.getStatus()).isEqualTo("False");
    assertThat(ready.getReason()).isEqualTo("PolicyEngineNotInstalled");
    assertThat(harness.tenantApi.writes()).noneMatch(w -> w.contains("validatingadmissionpolic"));
  }

  @Test
  void whenNoBundleIsDeclared_thenThereIsNoPolicyReadyCondition_andTheTenantIsReady() {
    harness.declare(Fixtures.eu());
    harness.start(servingEu());
    TenantCluster acme = Fixtures.acme();
    acme.getSpec().setPolicy(null);

    harness.provisionReady(acme);

    assertThat(current(acme).getStatus().getConditions())
        .extracting(Condition::getType)
        .doesNotContain("PolicyReady");
    assertThat(harness.tenantApi.writes()).noneMatch(w -> w.contains("validatingadmissionpolic"));
  }

  @Test
  void podSecurityAlone_isReportedAsEnforcedByPodSecurityAdmission_withoutAPolicy() {
    harness.declare(Fixtures.eu());
    harness.start(servingEu());
    TenantCluster acme = Fixtures.acme();
    PolicySpec policy = new PolicySpec();
    policy.setBundles(new ArrayList<>(List.of("pod-security")));
    acme.getSpec().setPolicy(policy);

    harness.provisionReady(acme);

    assertThat(condition(acme, "PolicyReady").getMessage())
        .isEqualTo("pod-security by Pod Security Admission labels");
    assertThat(harness.tenantApi.writes()).noneMatch(w -> w.contains("validatingadmissionpolic"));
  }

  @Test
  void whenTheTenantApiRefusesAPolicy_thenPolicyReadyIsFalseInOneLine_andReadyFollows() {
    KubernetesClient refusingClient = refusingPolicies();
    harness.tenantApis = (tenant, adminKubeconfig) -> Optional.of(refusingClient);
    harness.declare(Fixtures.eu());
    harness.start(servingEu());
    TenantCluster acme = Fixtures.acme();
    harness.declare(acme);
    Poll.until("acme's control plane exists", () -> harness.controlPlane(acme) != null);
    harness.markControlPlaneReady(acme);

    Poll.until(
        "PolicyReady reports the refusal",
        () -> hasCondition(acme, "PolicyReady", "PolicyApplyFailed"));
    Condition policy = condition(acme, "PolicyReady");
    assertThat(policy.getStatus()).isEqualTo("False");
    assertThat(policy.getMessage())
        .startsWith("policy bundles not applied: KubernetesClientException: ")
        .contains("refused for the test")
        .doesNotContain("\n")
        .doesNotContain("\tat ");
    assertThat(condition(acme, "Ready").getReason()).isEqualTo("PolicyApplyFailed");
    assertThat(harness.phaseOf(acme)).isEqualTo("Provisioning");
  }

  /** A tenant API that serves everything but refuses to create ValidatingAdmissionPolicies. */
  private KubernetesClient refusingPolicies() {
    KubernetesCrudDispatcher dispatcher =
        new KubernetesCrudDispatcher(List.of()) {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            if ("POST".equalsIgnoreCase(request.getMethod()) && request.getPath().startsWith(VAPS)) {
              return new MockResponse()
                  .setResponseCode(422)
                  .setBody(
                      "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\","
                          + "\"message\":\"refused for the test\",\"reason\":\"Invalid\","
                          + "\"code\":422}");
            }
            return super.dispatch(request);
          }
        };
    refusing =
        new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
    refusing.init();
    return refusing.createClient();
  }

  private static ValidatingAdmissionPolicy foreign(String name, Map<String, String> labels) {
    return new ValidatingAdmissionPolicyBuilder()
        .withNewMetadata()
        .withName(name)
        .withLabels(labels)
        .endMetadata()
        .withNewSpec()
        .withFailurePolicy("Ignore")
        .endSpec()
        .build();
  }

  private boolean hasCondition(TenantCluster tenant, String type, String reason) {
    TenantCluster now = current(tenant);
    return now != null
        && now.getStatus() != null
        && Conditions.find(now.getStatus().getConditions(), type)
            .map(c -> reason.equals(c.getReason()))
            .orElse(false);
  }

  private TenantCluster current(TenantCluster tenant) {
    return harness.tenant(tenant.getMetadata().getNamespace(), tenant.getMetadata().getName());
  }

  private Condition condition(TenantCluster tenant, String type) {
    return Conditions.find(current(tenant).getStatus().getConditions(), type).orElseThrow();
  }
}
