package dev.enclave.syncer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.enclave.syncer.translate.EscapeVectors;
import dev.enclave.syncer.translate.HostToTenant;
import dev.enclave.syncer.translate.NameTranslator;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.node.v1.RuntimeClassBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The syncer between two real API servers: tenant workloads land on host nodes of jurisdiction eu,
 * placed by the real kube-scheduler and run by KWOK, with the syncer on the host as the
 * ServiceAccount and RoleBinding the operator renders, and nothing else.
 */
class SyncerIT {
  private static final String EU = "eu";
  private static final String SHOP = "shop";
  private static final String VECTORS = "vectors";
  private static SyncerTestbed bed;

  @BeforeAll
  static void startSyncerBetweenTheHostAndATenantApiServer() {
    bed = new SyncerTestbed();
    bed.tenantNamespace(SHOP);
    bed.tenantNamespace(VECTORS);
    // A tenant may install any RuntimeClass in its own cluster; the host has only the jurisdiction's.
    bed.tenant.resource(new RuntimeClassBuilder().withNewMetadata().withName("runc").endMetadata()
        .withHandler("runc").build()).create();
    bed.startSyncer();
  }

  @AfterAll
  static void stopSyncer() {
    if (bed != null) {
      bed.close();
    }
  }

  @Test
  void aTenantPodWithNoPlacementRunsOnAnEuNodeChosenByTheHostSchedulerAndItsStatusComesBack() {
    tenantPods(SHOP).resource(pod(SHOP, "web")).create();

    Pod host = awaitHostPodRunning(SHOP, "web");
    assertThat(jurisdictionOf(host.getSpec().getNodeName())).isEqualTo(EU);
    assertThat(host.getSpec().getAffinity().getNodeAffinity()
            .getRequiredDuringSchedulingIgnoredDuringExecution().getNodeSelectorTerms())
        .isNotEmpty()
        .allSatisfy(t -> assertThat(t.getMatchExpressions())
            .contains(new NodeSelectorRequirement("enclave.dev/jurisdiction", "In", List.of(EU))));
    assertThat(host.getSpec().getTolerations())
        .anySatisfy(t -> {
          assertThat(t.getKey()).isEqualTo("enclave.dev/dedicated");
          assertThat(t.getValue()).isEqualTo(EU);
          assertThat(t.getEffect()).isEqualTo("NoSchedule");
        });
    assertThat(host.getSpec().getServiceAccountName()).isEqualTo(bed.policy.tenantName() + "-workloads");
    assertThat(host.getSpec().getAutomountServiceAccountToken()).isFalse();

    bed.await("the tenant pod shop/web Running at its host pod's IP", () -> {
      Pod t = tenantPods(SHOP).withName("web").get();
      return t.getStatus() != null
          && "Running".equals(t.getStatus().getPhase())
          && host.getStatus().getPodIP().equals(t.getStatus().getPodIP());
    });
    assertThat(tenantPods(SHOP).withName("web").get().getSpec().getNodeName())
        .isEqualTo(host.getSpec().getNodeName());
    assertNoHostPodOutsideTheJurisdiction();
  }

  @Test
  void aTenantPodSelectingUkNodesIsRefusedNamingTheFieldAndNothingRunsOnTheHost() {
    Pod uk = new PodBuilder(pod(SHOP, "uk-only"))
        .editSpec().addToNodeSelector("enclave.dev/jurisdiction", "uk").endSpec().build();
    tenantPods(SHOP).resource(uk).create();

    Event event = awaitRefusal(SHOP, "uk-only");
    assertThat(event.getType()).isEqualTo("Warning");
    assertThat(event.getMessage())
        .contains("spec.nodeSelector[\"enclave.dev/jurisdiction\"]")
        .contains("found \"uk\"; allowed: \"eu\" or unset");
    bed.await("shop/uk-only Pending with Synced=False", () -> notSynced(tenantPods(SHOP).withName("uk-only").get()));
    bed.awaitIdle();
    assertThat(hostPod(SHOP, "uk-only")).isNull();
    assertNoHostPodOutsideTheJurisdiction();
  }

  @Test
  void whenTheTenantDeletesAPodThenItsHostCopyIsDeleted() {
    tenantPods(SHOP).resource(pod(SHOP, "short-lived")).create();
    awaitHostPodRunning(SHOP, "short-lived");

    tenantPods(SHOP).withName("short-lived").delete();

    bed.await("the host copy of shop/short-lived is gone", () -> hostPod(SHOP, "short-lived") == null);
    bed.await("the tenant pod shop/short-lived is gone, not left Terminating",
        () -> tenantPods(SHOP).withName("short-lived").get() == null);
  }

  @Test
  void whenSomeoneDeletesTheHostCopyThenTheTenantPodIsDeletedAsAnEviction() {
    tenantPods(SHOP).resource(pod(SHOP, "evicted")).create();
    awaitHostPodRunning(SHOP, "evicted");

    bed.admin.pods().inNamespace(bed.hostNamespace).withName(hostName(SHOP, "evicted")).delete();

    bed.await("the tenant pod shop/evicted is deleted", () -> tenantPods(SHOP).withName("evicted").get() == null);
    bed.awaitIdle();
    assertThat(hostPod(SHOP, "evicted")).as("not created again").isNull();
  }

  @Test
  void whenTheTenantChangesAPodsImageThenTheHostCopyIsCreatedAgainAndTheTenantPodStays() {
    tenantPods(SHOP).resource(pod(SHOP, "upgraded")).create();
    String before = awaitHostPodRunning(SHOP, "upgraded").getMetadata().getUid();

    onConflictRetry(() -> tenantPods(SHOP).withName("upgraded").edit(p -> new PodBuilder(p)
        .editSpec().editFirstContainer().withImage("registry.eu.example.com/shop/app:2.0").endContainer().endSpec()
        .build()));

    bed.await("a new host copy of shop/upgraded with the new image", () -> {
      Pod h = hostPod(SHOP, "upgraded");
      return h != null && !before.equals(h.getMetadata().getUid())
          && h.getSpec().getContainers().get(0).getImage().endsWith(":2.0");
    });
    Pod recreated = awaitHostPodRunning(SHOP, "upgraded");
    assertThat(recreated.getSpec().getNodeName())
        .as("on the node the tenant pod is bound to")
        .isEqualTo(tenantPods(SHOP).withName("upgraded").get().getSpec().getNodeName());
    bed.awaitIdle();
    assertThat(tenantPods(SHOP).withName("upgraded").get()).as("not taken for an eviction").isNotNull();
    assertThat(hostPodsOf(SHOP, "upgraded")).hasSize(1);
  }

  @Test
  void aTenantLabelChangeIsPatchedOntoTheHostPodInPlace() {
    tenantPods(SHOP).resource(pod(SHOP, "relabelled")).create();
    String uid = awaitHostPodRunning(SHOP, "relabelled").getMetadata().getUid();

    onConflictRetry(() -> tenantPods(SHOP).withName("relabelled").edit(p -> new PodBuilder(p)
        .editMetadata().addToLabels("tier", "gold").endMetadata().build()));

    bed.await("the host copy of shop/relabelled labelled tier=gold", () -> {
      Pod h = hostPod(SHOP, "relabelled");
      return h != null && "gold".equals(h.getMetadata().getLabels().get("tier"));
    });
    assertThat(hostPod(SHOP, "relabelled").getMetadata().getUid()).isEqualTo(uid);
  }

  @Test
  void whenSomeoneDeletesAHostConfigMapCopyThenItIsWrittenAgainFromTheTenant() {
    bed.tenant.configMaps().inNamespace(SHOP).resource(new ConfigMapBuilder()
        .withNewMetadata().withName("flags").endMetadata().addToData("beta", "on").build()).create();
    Pod pod = new PodBuilder(pod(SHOP, "flagged"))
        .editSpec().editFirstContainer()
        .addNewEnvFrom().withNewConfigMapRef().withName("flags").endConfigMapRef().endEnvFrom()
        .endContainer().endSpec().build();
    tenantPods(SHOP).resource(pod).create();
    awaitHostPodRunning(SHOP, "flagged");
    String copy = hostName(SHOP, "flags");
    String uid = bed.admin.configMaps().inNamespace(bed.hostNamespace).withName(copy).get().getMetadata().getUid();

    bed.admin.configMaps().inNamespace(bed.hostNamespace).withName(copy).delete();

    bed.await("the host ConfigMap " + copy + " written again", () -> {
      ConfigMap c = bed.admin.configMaps().inNamespace(bed.hostNamespace).withName(copy).get();
      return c != null && !uid.equals(c.getMetadata().getUid());
    });
    assertThat(bed.admin.configMaps().inNamespace(bed.hostNamespace).withName(copy).get().getData())
        .containsEntry("beta", "on");
  }

  @Test
  void aPodOfAServiceAccountGetsARealTenantTokenInTheHostSecretAndNoHostToken() {
    bed.tenantServiceAccount(SHOP, "builder");
    Pod pod = new PodBuilder(pod(SHOP, "builder"))
        .editSpec().withServiceAccountName("builder").withAutomountServiceAccountToken(true).endSpec()
        .build();
    tenantPods(SHOP).resource(pod).create();

    Pod host = awaitHostPodRunning(SHOP, "builder");
    String secretName = NameTranslator.tokenSecretName(SHOP, "builder");
    Secret secret = bed.admin.secrets().inNamespace(bed.hostNamespace).withName(secretName).get();
    assertThat(secret).isNotNull();
    assertThat(secret.getData()).containsKeys("token", "ca.crt", "namespace");
    assertThat(decode(secret.getData().get("ca.crt"))).isEqualTo(bed.tenantServer.pki().caPem());
    assertThat(host.getSpec().getAutomountServiceAccountToken()).isFalse();
    assertThat(host.getSpec().getVolumes())
        .anySatisfy(v -> assertThat(v.getProjected() == null ? List.of() : v.getProjected().getSources())
            .anySatisfy(s -> assertThat(s.getSecret() == null ? null : s.getSecret().getName()).isEqualTo(secretName)));
    assertThat(host.getSpec().getVolumes())
        .as("no host token reaches the pod")
        .noneSatisfy(v -> assertThat(v.getProjected() == null ? List.of() : v.getProjected().getSources())
            .anySatisfy(s -> assertThat(s.getServiceAccountToken()).isNotNull()));

    TokenReview review = bed.tenant.resource(new TokenReviewBuilder()
            .withNewSpec().withToken(decode(secret.getData().get("token"))).endSpec().build())
        .create();
    assertThat(review.getStatus().getAuthenticated()).as("the tenant API server accepts the token").isTrue();
    assertThat(review.getStatus().getUser().getUsername()).isEqualTo("system:serviceaccount:shop:builder");
  }

  @Test
  void theConfigMapsAndSecretsAPodReferencesAreCopiedToTheHostNamespace() {
    bed.tenant.configMaps().inNamespace(SHOP).resource(new ConfigMapBuilder()
        .withNewMetadata().withName("settings").endMetadata().addToData("mode", "live").build()).create();
    bed.tenant.secrets().inNamespace(SHOP).resource(new SecretBuilder()
        .withNewMetadata().withName("db").endMetadata().addToStringData("password", "s3cret").build()).create();
    Pod pod = new PodBuilder(pod(SHOP, "configured"))
        .editSpec()
        .addNewVolume().withName("settings").withNewConfigMap().withName("settings").endConfigMap().endVolume()
        .editFirstContainer()
        .addNewVolumeMount().withName("settings").withMountPath("/etc/settings").endVolumeMount()
        .addNewEnv().withName("DB_PASSWORD").withNewValueFrom()
        .withNewSecretKeyRef().withName("db").withKey("password").endSecretKeyRef().endValueFrom().endEnv()
        .endContainer()
        .endSpec()
        .build();
    tenantPods(SHOP).resource(pod).create();

    awaitHostPodRunning(SHOP, "configured");
    ConfigMap settings = bed.admin.configMaps().inNamespace(bed.hostNamespace).withName(hostName(SHOP, "settings")).get();
    Secret db = bed.admin.secrets().inNamespace(bed.hostNamespace).withName(hostName(SHOP, "db")).get();
    assertThat(settings.getData()).containsEntry("mode", "live");
    assertThat(decode(db.getData().get("password"))).isEqualTo("s3cret");
  }

  @Test
  void aTenantServiceGetsAHostCopyWhoseClusterIpTheHostAllocatesAndTheTenantServiceTakesIt() {
    Service api = new ServiceBuilder()
        .withNewMetadata().withName("api").withNamespace(SHOP).endMetadata()
        .withNewSpec().addToSelector("app", "web").addNewPort().withPort(80).withNewTargetPort(8080).endPort().endSpec()
        .build();
    bed.tenant.services().inNamespace(SHOP).resource(api).create();

    bed.await("a host copy of shop/api with a cluster IP", () -> {
      Service h = hostService(SHOP, "api");
      return h != null && h.getSpec().getClusterIP() != null && !h.getSpec().getClusterIP().isBlank();
    });
    String hostIp = hostService(SHOP, "api").getSpec().getClusterIP();
    assertThat(hostIp).startsWith("10.");
    bed.await("the tenant Service shop/api has the host's cluster IP " + hostIp,
        () -> {
          Service t = bed.tenant.services().inNamespace(SHOP).withName("api").get();
          return t != null && hostIp.equals(t.getSpec().getClusterIP());
        });
    assertThat(hostService(SHOP, "api").getSpec().getSelector())
        .as("the tenant's selector, scoped to its namespace's synced pods")
        .containsEntry("app", "web")
        .containsEntry(NameTranslator.OBJECT_NAMESPACE, SHOP)
        .containsEntry(NameTranslator.MANAGED_BY_LABEL, NameTranslator.MANAGED_BY);
  }

  @Test
  void theTenantsKubernetesServiceTakesTheClusterIpOfTheHostServiceInFrontOfItsApiServer() {
    String apiIp = bed.admin.services().inNamespace(bed.hostNamespace).withName(bed.policy.tenantName()).get()
        .getSpec().getClusterIP();

    bed.await("the tenant's default/kubernetes at " + apiIp, () -> {
      Service k = bed.tenant.services().inNamespace("default").withName("kubernetes").get();
      return k != null && apiIp.equals(k.getSpec().getClusterIP());
    });
  }

  @Test
  void theSyncersHostIdentityCannotReadOutsideItsNamespace() {
    for (String namespace : List.of("kube-system", "default")) {
      KubernetesClientException refused = catchThrowableOfType(
          () -> bed.syncerHost.secrets().inNamespace(namespace).list(), KubernetesClientException.class);
      assertThat(refused).as("listing Secrets in " + namespace).isNotNull();
      assertThat(refused.getCode()).isEqualTo(403);
    }
    KubernetesClientException allPods = catchThrowableOfType(
        () -> bed.syncerHost.pods().inAnyNamespace().list(), KubernetesClientException.class);
    assertThat(allPods.getCode()).isEqualTo(403);
    KubernetesClientException binding = catchThrowableOfType(
        () -> bed.syncerHost.rbac().roleBindings().inNamespace(bed.hostNamespace).list(),
        KubernetesClientException.class);
    assertThat(binding.getCode()).isEqualTo(403);
    assertThat(bed.syncerHost.secrets().inNamespace(bed.hostNamespace).list().getItems())
        .as("its own namespace it can read")
        .isNotNull();
  }

  @Test
  void aRestartedSyncerCreatesNoDuplicateHostPodsAndDeletesNothingThatShouldStay() {
    tenantPods(SHOP).resource(pod(SHOP, "steady")).create();
    awaitHostPodRunning(SHOP, "steady");
    bed.awaitIdle();
    Map<String, String> before = hostObjects();
    int tenantPods = tenantPods(SHOP).list().getItems().size();
    int tenantEvents = bed.tenant.v1().events().inAnyNamespace().list().getItems().size();

    bed.stopSyncer();
    bed.startSyncer();
    bed.await("the restarted syncer is ready", () -> bed.syncer.isReady());
    bed.awaitIdle();

    assertThat(hostObjects()).as("host objects by name and uid").isEqualTo(before);
    assertThat(tenantPods(SHOP).list().getItems()).hasSize(tenantPods);
    assertThat(hostPodsOf(SHOP, "steady")).hasSize(1);
    assertThat(bed.tenant.v1().events().inAnyNamespace().list().getItems())
        .as("no refusal told twice")
        .hasSize(tenantEvents);
  }

  static List<EscapeVectors.Vector> vectors() {
    return EscapeVectors.all();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void everyEscapeVectorIsRefusedNamingItsFieldsOrRewrittenAndNoHostPodLeavesTheJurisdiction(
      EscapeVectors.Vector vector) {
    String name = "v-" + Integer.toHexString(vector.name().hashCode());
    Pod pod = new PodBuilder(vector.pod())
        .editMetadata().withName(name).withNamespace(VECTORS).withUid(null).endMetadata().build();
    tenantPods(VECTORS).resource(pod).create();

    if (vector.refused()) {
      Event event = awaitRefusal(VECTORS, name);
      assertThat(event.getMessage()).contains(vector.refusedFields());
      bed.await(name + " Pending with Synced=False", () -> notSynced(tenantPods(VECTORS).withName(name).get()));
      bed.awaitIdle();
      assertThat(hostPod(VECTORS, name)).isNull();
    } else {
      bed.await("the host scheduler decided on " + name, () -> scheduledOrUnschedulable(hostPod(VECTORS, name)));
      Pod host = hostPod(VECTORS, name);
      List<NodeSelectorTerm> terms = host.getSpec().getAffinity().getNodeAffinity()
          .getRequiredDuringSchedulingIgnoredDuringExecution().getNodeSelectorTerms();
      assertThat(terms).isNotEmpty().allSatisfy(t -> assertThat(t.getMatchExpressions())
          .contains(new NodeSelectorRequirement("enclave.dev/jurisdiction", "In", List.of(EU))));
      assertThat(host.getSpec().getPriorityClassName()).isNull();
      assertThat(host.getSpec().getSchedulerName()).isEqualTo("default-scheduler");
    }
    assertNoHostPodOutsideTheJurisdiction();
  }

  // --- helpers

  private static io.fabric8.kubernetes.client.dsl.MixedOperation<Pod, io.fabric8.kubernetes.api.model.PodList,
      io.fabric8.kubernetes.client.dsl.PodResource> tenantPodsOp() {
    return bed.tenant.pods();
  }

  private static io.fabric8.kubernetes.client.dsl.NonNamespaceOperation<Pod, io.fabric8.kubernetes.api.model.PodList,
      io.fabric8.kubernetes.client.dsl.PodResource> tenantPods(String namespace) {
    return tenantPodsOp().inNamespace(namespace);
  }

  private static String hostName(String namespace, String name) {
    return NameTranslator.hostName(namespace, name);
  }

  private static Pod hostPod(String namespace, String name) {
    return bed.admin.pods().inNamespace(bed.hostNamespace).withName(hostName(namespace, name)).get();
  }

  private static Service hostService(String namespace, String name) {
    return bed.admin.services().inNamespace(bed.hostNamespace).withName(hostName(namespace, name)).get();
  }

  private static List<Pod> hostPodsOf(String namespace, String name) {
    return bed.admin.pods().inNamespace(bed.hostNamespace).list().getItems().stream()
        .filter(p -> p.getMetadata().getAnnotations() != null)
        .filter(p -> namespace.equals(p.getMetadata().getAnnotations().get(NameTranslator.OBJECT_NAMESPACE)))
        .filter(p -> name.equals(p.getMetadata().getAnnotations().get(NameTranslator.OBJECT_NAME)))
        .toList();
  }

  private static Pod awaitHostPodRunning(String namespace, String name) {
    bed.await("the host copy of " + namespace + "/" + name + " Running on a node", () -> {
      Pod h = hostPod(namespace, name);
      return h != null && h.getSpec().getNodeName() != null && h.getStatus() != null
          && "Running".equals(h.getStatus().getPhase()) && h.getStatus().getPodIP() != null;
    });
    return hostPod(namespace, name);
  }

  private static boolean scheduledOrUnschedulable(Pod host) {
    return host != null
        && (host.getSpec().getNodeName() != null
            || host.getStatus() != null && host.getStatus().getConditions() != null
                && host.getStatus().getConditions().stream().anyMatch(c ->
                    "PodScheduled".equals(c.getType()) && "False".equals(c.getStatus())));
  }

  private static Event awaitRefusal(String namespace, String name) {
    bed.await("a refusal Event on " + namespace + "/" + name, () -> refusal(namespace, name) != null);
    return refusal(namespace, name);
  }

  private static Event refusal(String namespace, String name) {
    return bed.tenant.v1().events().inNamespace(namespace).list().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName()))
        .filter(e -> "Pod".equals(e.getInvolvedObject().getKind()))
        .filter(e -> "Warning".equals(e.getType()))
        .findFirst()
        .orElse(null);
  }

  private static boolean notSynced(Pod tenantPod) {
    return tenantPod.getStatus() != null
        && "Pending".equals(tenantPod.getStatus().getPhase())
        && tenantPod.getStatus().getConditions() != null
        && tenantPod.getStatus().getConditions().stream().anyMatch(c ->
            HostToTenant.SYNCED_CONDITION.equals(c.getType()) && "False".equals(c.getStatus()));
  }

  private static String jurisdictionOf(String nodeName) {
    Node node = bed.admin.nodes().withName(nodeName).get();
    return node.getMetadata().getLabels().get("enclave.dev/jurisdiction");
  }

  private static void assertNoHostPodOutsideTheJurisdiction() {
    Map<String, String> jurisdictions = bed.admin.nodes().list().getItems().stream()
        .collect(Collectors.toMap(n -> n.getMetadata().getName(),
            n -> n.getMetadata().getLabels().getOrDefault("enclave.dev/jurisdiction", "none")));
    assertThat(bed.admin.pods().inNamespace(bed.hostNamespace).list().getItems())
        .filteredOn(p -> p.getSpec().getNodeName() != null)
        .allSatisfy(p -> assertThat(jurisdictions.get(p.getSpec().getNodeName()))
            .as(p.getMetadata().getName() + " on " + p.getSpec().getNodeName())
            .isEqualTo(EU));
  }

  /** Every object the syncer owns in the host namespace, kind/name to uid. */
  private static Map<String, String> hostObjects() {
    Map<String, String> objects = new TreeMap<>();
    String label = NameTranslator.MANAGED_BY_LABEL;
    List<List<? extends HasMetadata>> kinds = List.of(
        bed.admin.pods().inNamespace(bed.hostNamespace).withLabel(label, NameTranslator.MANAGED_BY).list().getItems(),
        bed.admin.secrets().inNamespace(bed.hostNamespace).withLabel(label, NameTranslator.MANAGED_BY).list().getItems(),
        bed.admin.configMaps().inNamespace(bed.hostNamespace).withLabel(label, NameTranslator.MANAGED_BY).list().getItems(),
        bed.admin.services().inNamespace(bed.hostNamespace).withLabel(label, NameTranslator.MANAGED_BY).list().getItems());
    kinds.forEach(list -> list.forEach(o ->
        objects.put(o.getKind() + "/" + o.getMetadata().getName(), o.getMetadata().getUid())));
    return objects;
  }

  private static String decode(String base64) {
    return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
  }

  /** A restricted-compliant pod from the jurisdiction's registry, with no placement at all. */
  private static Pod pod(String namespace, String name) {
    return new PodBuilder(SyncerFixture.pod(namespace, name)).build();
  }

  /**
   * The syncer writes the tenant pod's status while the test edits it: a real API server answers
   * the stale write with 409, and a client re-reads and tries again (client-go's RetryOnConflict).
   */
  private static void onConflictRetry(Runnable edit) {
    for (int attempt = 1; ; attempt++) {
      try {
        edit.run();
        return;
      } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
        if (e.getCode() != 409 || attempt == 5) {
          throw e;
        }
      }
    }
  }
}
