package dev.enclave.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.enclave.api.v1alpha1.Jurisdiction;
import dev.enclave.api.v1alpha1.TenantCluster;
import dev.enclave.core.gitops.GitOpsLoader;
import dev.enclave.core.model.Platform;
import dev.enclave.core.policy.PolicyBundleBuilder;
import dev.enclave.core.upgrade.SmokeDeployment;
import dev.enclave.operator.tenant.TenantPolicyApplier;
import dev.enclave.testbed.Components;
import dev.enclave.testbed.KubeApiServer;
import dev.enclave.testbed.Testbed;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The example {@code eu} jurisdiction's bundles of acme-bank (residency, image-provenance, sbom),
 * applied by the operator's own applier to a real tenant API server of each release the testbed
 * builds, and enforced by it: what a tenant's {@code kubectl apply} meets.
 */
class TenantPolicyIT {
  private static final String NS = "shop";
  private static final String DIGEST = "@sha256:" + "0123456789abcdef".repeat(4);
  private static final String GOOD_IMAGE = "registry.eu.example.com/web" + DIGEST;
  private static final Map<String, String> SBOM =
      Map.of("enclave.dev/sbom", "registry.eu.example.com/web:sbom");
  private static final String FOREIGN =
      "image \"docker.io/nginx:1\" is not from a registry of jurisdiction \"eu\"; allowed:"
          + " registry.eu.example.com";

  static Stream<String> versions() {
    List<String> versions = Components.fromEnvironment().kubernetesVersions();
    assertThat(versions).as("the testbed builds two minors").hasSize(2);
    return versions.stream();
  }

  @ParameterizedTest(name = "kube-apiserver {0}")
  @MethodSource("versions")
  void theTenantApiServerRefusesWhatTheBundlesForbid_andAdmitsACompliantPod(String version) {
    Platform platform = new GitOpsLoader().load(Testbed.examplePlatform()).platform();
    Jurisdiction eu = platform.jurisdiction("eu").orElseThrow();
    TenantCluster acme = platform.tenantCluster("tenants-eu", "acme-bank").orElseThrow();
    List<HasMetadata> bundles = PolicyBundleBuilder.build(acme, eu);
    KubeApiServer server =
        Testbed.host().startTenantApiServer("policy-" + version.replace('.', '-'), version);
    try (KubernetesClient tenant = server.adminClient()) {
      tenant.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build()).create();
      tenant.serviceAccounts().inNamespace(NS)
          .resource(new ServiceAccountBuilder().withNewMetadata().withName("default").endMetadata().build())
          .create();
      Deployment admittedBefore =
          tenant.apps().deployments().inNamespace(NS).resource(deployment("old", "docker.io/nginx:1")).create();
      TenantPolicyApplier applier = new TenantPolicyApplier();

      assertThat(applier.apply(tenant, bundles)).as("first apply").isEqualTo(6);
      assertThat(applier.apply(tenant, bundles)).as("steady state: no write").isZero();
      // The API server picks up each policy and binding on its own: wait for all three bundles.
      Pod probeInUk = pod("probe", GOOD_IMAGE, SBOM);
      probeInUk.getSpec().setNodeSelector(Map.of("enclave.dev/jurisdiction", "uk"));
      dev.enclave.testbed.Await.until(
          "the API server enforces every bundle",
          Duration.ofSeconds(60),
          () -> refusal(() -> dryRun(tenant, pod("probe", "docker.io/nginx:1", SBOM))) != null
              && refusal(() -> dryRun(tenant, pod("probe", GOOD_IMAGE, Map.of()))) != null
              && refusal(() -> dryRun(tenant, probeInUk)) != null,
          () -> tenant.admissionRegistration().v1().validatingAdmissionPolicies().list().getItems()
              .stream().map(p -> p.getMetadata().getName() + ": " + p.getStatus()).toList().toString());

      assertThat(refusal(() -> dryRun(tenant, pod("web", "docker.io/nginx:1", SBOM))))
          .isEqualTo(denied("pods \"web\"", "enclave-image-provenance", "spec.containers[0].image: " + FOREIGN));
      assertThat(
              refusal(
                  () ->
                      tenant.apps().deployments().inNamespace(NS)
                          .resource(deployment("web", "docker.io/nginx:1")).dryRun().create()))
          .isEqualTo(
              denied(
                  "deployments.apps \"web\"",
                  "enclave-image-provenance",
                  "spec.template.spec.containers[0].image: " + FOREIGN));
      assertThat(dryRun(tenant, pod("web", GOOD_IMAGE, SBOM)).getMetadata().getName()).isEqualTo("web");
      assertThat(tenant.apps().deployments().inNamespace(SmokeDeployment.NAMESPACE)
              .resource(SmokeDeployment.build("registry.eu.example.com", version)).dryRun().create()
              .getMetadata().getName())
          .as("the upgrade health gate's smoke Deployment passes every bundle")
          .isEqualTo(SmokeDeployment.NAME);
      assertThat(refusal(() -> dryRun(tenant, pod("web", GOOD_IMAGE, Map.of()))))
          .isEqualTo(
              denied(
                  "pods \"web\"",
                  "enclave-sbom",
                  "metadata.annotations[\"enclave.dev/sbom\"]: annotation is missing; required: a"
                      + " reference to the SBOM attestation of the pod's images"));
      assertThat(
              refusal(
                  () ->
                      tenant.persistentVolumeClaims().inNamespace(NS)
                          .resource(
                              new PersistentVolumeClaimBuilder().withNewMetadata().withName("data").endMetadata()
                                  .withNewSpec().withStorageClassName("us-fast").withAccessModes("ReadWriteOnce")
                                  .withNewResources().addToRequests("storage", new Quantity("1Gi")).endResources()
                                  .endSpec().build())
                          .dryRun().create()))
          .isEqualTo(
              denied(
                  "persistentvolumeclaims \"data\"",
                  "enclave-residency",
                  "spec.storageClassName: storage class \"us-fast\" is not allowed in jurisdiction"
                      + " \"eu\"; allowed: eu-encrypted, eu-standard"));
      Pod pinnedToUk = pod("web", GOOD_IMAGE, SBOM);
      pinnedToUk.getSpec().setNodeSelector(Map.of("enclave.dev/jurisdiction", "uk"));
      assertThat(refusal(() -> dryRun(tenant, pinnedToUk)))
          .isEqualTo(
              denied(
                  "pods \"web\"",
                  "enclave-residency",
                  "spec.nodeSelector[\"enclave.dev/jurisdiction\"]: node selector value \"uk\" is"
                      + " not allowed in jurisdiction \"eu\"; allowed: eu"));

      // The rest of the story: other kinds, other lists, signatures, many containers, updates.
      assertThat(
              refusal(
                  () ->
                      tenant.batch().v1().cronjobs().inNamespace(NS)
                          .resource(
                              new CronJobBuilder().withNewMetadata().withName("nightly").endMetadata()
                                  .withNewSpec().withSchedule("0 1 * * *").withNewJobTemplate().withNewSpec()
                                  .withNewTemplate().withNewMetadata().withAnnotations(SBOM).endMetadata()
                                  .withNewSpec().withRestartPolicy("Never")
                                  .withContainers(container("job", "registry.eu.example.com.evil.example/job" + DIGEST))
                                  .endSpec().endTemplate().endSpec().endJobTemplate().endSpec().build())
                          .dryRun().create()))
          .isEqualTo(
              denied(
                  "cronjobs.batch \"nightly\"",
                  "enclave-image-provenance",
                  "spec.jobTemplate.spec.template.spec.containers[0].image: image"
                      + " \"registry.eu.example.com.evil.example/job" + DIGEST + "\" is not from a"
                      + " registry of jurisdiction \"eu\"; allowed: registry.eu.example.com"));
      Pod unpinnedInit = pod("web", GOOD_IMAGE, SBOM);
      unpinnedInit.getSpec().setInitContainers(List.of(container("init", "registry.eu.example.com/init:1")));
      assertThat(refusal(() -> dryRun(tenant, unpinnedInit)))
          .isEqualTo(
              denied(
                  "pods \"web\"",
                  "enclave-image-provenance",
                  "spec.initContainers[0].image: image \"registry.eu.example.com/init:1\" is not"
                      + " pinned by digest (@sha256:<64 hex>) and the pod has no"
                      + " enclave.dev/image-signature annotation"));
      Pod signed = pod("web", "registry.eu.example.com/web:1", Map.of(
          "enclave.dev/sbom", "sbom", "enclave.dev/image-signature", "cosign:abc"));
      assertThat(dryRun(tenant, signed).getMetadata().getName()).isEqualTo("web");
      List<Container> many = new ArrayList<>();
      for (int i = 0; i < 60; i++) {
        many.add(container("c" + i, GOOD_IMAGE));
      }
      many.add(container("last", "quay.io/evil" + DIGEST));
      Pod crowded = pod("crowded", GOOD_IMAGE, SBOM);
      crowded.getSpec().setContainers(many);
      assertThat(refusal(() -> dryRun(tenant, crowded)))
          .isEqualTo(
              denied(
                  "pods \"crowded\"",
                  "enclave-image-provenance",
                  "spec.containers[60].image: image \"quay.io/evil" + DIGEST + "\" is not from a"
                      + " registry of jurisdiction \"eu\"; allowed: registry.eu.example.com"));
      many.remove(60);
      assertThat(dryRun(tenant, crowded).getSpec().getContainers()).hasSize(60);
      assertThat(
              refusal(
                  () ->
                      tenant.apps().statefulSets().inNamespace(NS)
                          .resource(
                              new StatefulSetBuilder().withNewMetadata().withName("db").endMetadata()
                                  .withNewSpec().withServiceName("db")
                                  .withNewSelector().addToMatchLabels("app", "db").endSelector()
                                  .withNewTemplate().withNewMetadata().addToLabels("app", "db").withAnnotations(SBOM)
                                  .endMetadata().withNewSpec().withContainers(container("db", GOOD_IMAGE)).endSpec()
                                  .endTemplate()
                                  .addNewVolumeClaimTemplate().withNewMetadata().withName("data").endMetadata()
                                  .withNewSpec().withStorageClassName("eu-encrypted").withAccessModes("ReadWriteOnce")
                                  .withNewResources().addToRequests("storage", new Quantity("1Gi")).endResources()
                                  .endSpec().endVolumeClaimTemplate()
                                  .addNewVolumeClaimTemplate().withNewMetadata().withName("logs").endMetadata()
                                  .withNewSpec().withStorageClassName("us-fast").withAccessModes("ReadWriteOnce")
                                  .withNewResources().addToRequests("storage", new Quantity("1Gi")).endResources()
                                  .endSpec().endVolumeClaimTemplate()
                                  .endSpec().build())
                          .dryRun().create()))
          .isEqualTo(
              denied(
                  "statefulsets.apps \"db\"",
                  "enclave-residency",
                  "spec.volumeClaimTemplates[1].spec.storageClassName: storage class \"us-fast\" is"
                      + " not allowed in jurisdiction \"eu\"; allowed: eu-encrypted, eu-standard"));
      Pod running = tenant.pods().inNamespace(NS).resource(pod("debugged", GOOD_IMAGE, SBOM)).create();
      assertThat(
              refusal(
                  () ->
                      tenant.pods().inNamespace(NS).withName(running.getMetadata().getName())
                          .ephemeralContainers()
                          .edit(
                              p -> {
                                p.getSpec().setEphemeralContainers(
                                    List.of(new io.fabric8.kubernetes.api.model.EphemeralContainerBuilder()
                                        .withName("debug").withImage("docker.io/busybox:1").build()));
                                return p;
                              })))
          .as("kubectl debug with a foreign image")
          .isEqualTo(
              denied(
                  "pods \"debugged\"",
                  "enclave-image-provenance",
                  "spec.ephemeralContainers[0].image: image \"docker.io/busybox:1\" is not from a"
                      + " registry of jurisdiction \"eu\"; allowed: registry.eu.example.com"));
      var old = tenant.apps().deployments().inNamespace(NS).withName(admittedBefore.getMetadata().getName());
      assertThat(old.edit(d -> { d.getSpec().setReplicas(3); return d; }).getSpec().getReplicas())
          .as("scaling a Deployment admitted before the bundles is not judged")
          .isEqualTo(3);
      assertThat(
              refusal(
                  () ->
                      old.edit(
                          d -> {
                            d.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("docker.io/nginx:2");
                            return d;
                          })))
          .contains("spec.template.spec.containers[0].image: image \"docker.io/nginx:2\"");

      assertThat(applier.apply(tenant, PolicyBundleBuilder.build(residencyOnly(acme), eu)))
          .as("image-provenance and sbom: policy and binding deleted")
          .isEqualTo(4);
      assertThat(tenant.admissionRegistration().v1().validatingAdmissionPolicies().list().getItems())
          .extracting(p -> p.getMetadata().getName())
          .containsExactly("enclave-residency");
    } finally {
      server.close();
    }
  }

  @org.junit.jupiter.api.Test
  void registryNamesWithQuotesAndBackslashesCompile_andAreMatchedAndQuotedAsWritten() {
    Platform platform = new GitOpsLoader().load(Testbed.examplePlatform()).platform();
    Jurisdiction odd = platform.jurisdiction("eu").orElseThrow();
    odd.getSpec().setRegistries(List.of("reg\"quote.example.com", "back\\slash.example.com"));
    TenantCluster acme = platform.tenantCluster("tenants-eu", "acme-bank").orElseThrow();
    KubeApiServer server =
        Testbed.host()
            .startTenantApiServer("policy-odd", Components.fromEnvironment().newestKubernetes());
    try (KubernetesClient tenant = server.adminClient()) {
      tenant.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build()).create();
      tenant.serviceAccounts().inNamespace(NS)
          .resource(new ServiceAccountBuilder().withNewMetadata().withName("default").endMetadata().build())
          .create();

      assertThat(new TenantPolicyApplier().apply(tenant, PolicyBundleBuilder.build(acme, odd))).isEqualTo(6);
      // The API server picks up each policy and binding on its own: wait for all three bundles.
      Pod probeInUk = pod("probe", GOOD_IMAGE, SBOM);
      probeInUk.getSpec().setNodeSelector(Map.of("enclave.dev/jurisdiction", "uk"));
      dev.enclave.testbed.Await.until(
          "the API server enforces every bundle",
          Duration.ofSeconds(60),
          () -> refusal(() -> dryRun(tenant, pod("probe", "docker.io/nginx:1", SBOM))) != null
              && refusal(() -> dryRun(tenant, pod("probe", GOOD_IMAGE, Map.of()))) != null
              && refusal(() -> dryRun(tenant, probeInUk)) != null,
          () -> "still admitted");

      assertThat(refusal(() -> dryRun(tenant, pod("web", "docker.io/nginx" + DIGEST, SBOM))))
          .isEqualTo(
              denied(
                  "pods \"web\"",
                  "enclave-image-provenance",
                  "spec.containers[0].image: image \"docker.io/nginx" + DIGEST + "\" is not from a"
                      + " registry of jurisdiction \"eu\"; allowed: reg\"quote.example.com,"
                      + " back\\slash.example.com"));
      assertThat(dryRun(tenant, pod("web", "back\\slash.example.com/web" + DIGEST, SBOM))).isNotNull();
    } finally {
      server.close();
    }
  }

  @org.junit.jupiter.api.Test
  void theOperatorInstallsTheExampleTenantsBundles_reportsPolicyReady_andTheirApisEnforceThem() {
    InstalledChart chart = InstalledChart.get();
    chart.applyExamplePlatform();
    try (KubernetesClient admin = chart.host.adminClient()) {
      for (String name : List.of("acme-bank", "ai-lab")) {
        Await.until(
            chart.host,
            name + " PolicyReady",
            Duration.ofMinutes(3),
            () -> "True".equals(policyReady(admin, name).map(c -> c.getStatus()).orElse(null)));
      }
      assertThat(policyReady(admin, "acme-bank").orElseThrow().getMessage())
          .isEqualTo(
              "enforced by the tenant API server as ValidatingAdmissionPolicies: residency,"
                  + " image-provenance, sbom");
      assertThat(policyReady(admin, "ai-lab").orElseThrow().getMessage())
          .isEqualTo("enforced by the tenant API server as ValidatingAdmissionPolicies: residency");
    }
    KubeApiServer acmeBank = chart.tenantApis.server("tenants-eu", "acme-bank").orElseThrow();
    KubeApiServer aiLab = chart.tenantApis.server("tenants-eu", "ai-lab").orElseThrow();
    try (KubernetesClient acme = acmeBank.adminClient();
        KubernetesClient lab = aiLab.adminClient()) {
      Deployment tagged = deployment("web", "registry.eu.example.com/web:1");
      Deployment plain = deployment("web", "registry.eu.example.com/web:1");
      plain.getSpec().getTemplate().getMetadata().setAnnotations(Map.of());
      for (KubernetesClient tenant : List.of(acme, lab)) {
        if (tenant.namespaces().withName(NS).get() == null) {
          tenant.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build()).create();
        }
      }
      dev.enclave.testbed.Await.until(
          "acme-bank's API server enforces its bundles",
          Duration.ofSeconds(60),
          () -> refusal(() -> acme.apps().deployments().inNamespace(NS).resource(tagged).dryRun().create()) != null,
          () -> "acme-bank still admits " + tagged.getSpec().getTemplate().getSpec().getContainers());
      assertThat(refusal(() -> acme.apps().deployments().inNamespace(NS).resource(tagged).dryRun().create()))
          .isEqualTo(
              denied(
                  "deployments.apps \"web\"",
                  "enclave-image-provenance",
                  "spec.template.spec.containers[0].image: image \"registry.eu.example.com/web:1\""
                      + " is not pinned by digest (@sha256:<64 hex>) and the pod has no"
                      + " enclave.dev/image-signature annotation"));
      // The README's playground example runs in ai-lab, whose only bundle is residency.
      assertThat(lab.apps().deployments().inNamespace(NS).resource(plain).dryRun().create().getMetadata().getName())
          .isEqualTo("web");
      Deployment toUk = deployment("web", "registry.eu.example.com/web:1");
      toUk.getSpec().getTemplate().getSpec().setNodeSelector(Map.of("enclave.dev/jurisdiction", "uk"));
      dev.enclave.testbed.Await.until(
          "ai-lab's API server enforces residency",
          Duration.ofSeconds(60),
          () -> refusal(() -> lab.apps().deployments().inNamespace(NS).resource(toUk).dryRun().create()) != null,
          () -> "ai-lab still admits a uk node selector");
      assertThat(refusal(() -> lab.apps().deployments().inNamespace(NS).resource(toUk).dryRun().create()))
          .isEqualTo(
              denied(
                  "deployments.apps \"web\"",
                  "enclave-residency",
                  "spec.template.spec.nodeSelector[\"enclave.dev/jurisdiction\"]: node selector"
                      + " value \"uk\" is not allowed in jurisdiction \"eu\"; allowed: eu"));
    }
  }

  private static java.util.Optional<io.fabric8.kubernetes.api.model.Condition> policyReady(
      KubernetesClient admin, String name) {
    TenantCluster tenant =
        admin.resources(TenantCluster.class).inNamespace("tenants-eu").withName(name).get();
    return tenant == null || tenant.getStatus() == null
        ? java.util.Optional.empty()
        : tenant.getStatus().getConditions().stream()
            .filter(c -> "PolicyReady".equals(c.getType()))
            .findFirst();
  }

  private static TenantCluster residencyOnly(TenantCluster tenant) {
    TenantCluster copy = io.fabric8.kubernetes.client.utils.Serialization.clone(tenant);
    copy.getSpec().getPolicy().setBundles(new ArrayList<>(List.of("residency")));
    return copy;
  }

  private static String denied(String object, String policy, String message) {
    return object + " is forbidden: ValidatingAdmissionPolicy '" + policy + "' with binding '"
        + policy + "' denied request: " + message;
  }

  private static Pod dryRun(KubernetesClient tenant, Pod pod) {
    return tenant.pods().inNamespace(NS).resource(pod).dryRun().create();
  }

  /** The API server's own message, or null when it admitted the request. */
  private static String refusal(Runnable request) {
    KubernetesClientException refused =
        catchThrowableOfType(KubernetesClientException.class, request::run);
    return refused == null ? null : refused.getStatus().getMessage();
  }

  private static Pod pod(String name, String image, Map<String, String> annotations) {
    return new PodBuilder()
        .withNewMetadata().withName(name).withAnnotations(annotations).endMetadata()
        .withNewSpec().withContainers(container("web", image)).endSpec()
        .build();
  }

  private static Deployment deployment(String name, String image) {
    return new DeploymentBuilder()
        .withNewMetadata().withName(name).endMetadata()
        .withNewSpec().withReplicas(1)
        .withNewSelector().addToMatchLabels("app", name).endSelector()
        .withNewTemplate().withNewMetadata().addToLabels("app", name).withAnnotations(SBOM).endMetadata()
        .withNewSpec().withContainers(container("web", image)).endSpec().endTemplate()
        .endSpec().build();
  }

  private static Container container(String name, String image) {
    return new ContainerBuilder().withName(name).withImage(image).build();
  }
}
