package dev.enclave.operator.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.enclave.api.v1alpha1.EnclaveApi;
import dev.enclave.core.controlplane.HostNames;
import dev.enclave.core.controlplane.SyncerRbacBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.NamedRuleWithOperations;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicy;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBinding;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.Variable;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The install manifests in deploy/operator parse, and keep their safety properties. */
class WebhookInstallManifestsTest {
  private static List<HasMetadata> manifests;

  @BeforeAll
  static void readEveryYamlInDeployOperator() throws IOException {
    Path dir = repoRoot().resolve("deploy/operator");
    manifests = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        manifests.addAll(read(file));
      }
    }
    assertThat(manifests).isNotEmpty();
  }

  @Test
  void theOperatorRunsTwoReplicasUnderTheRestrictedProfile() {
    Deployment deployment = only(Deployment.class);
    var pod = deployment.getSpec().getTemplate().getSpec();
    var container = pod.getContainers().get(0);

    assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(container.getEnv()).anyMatch(e -> e.getName().equals("ENCLAVE_JURISDICTIONS"));
    assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
    assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
  }

  @Test
  void noRoleGrantsAWildcard() {
    List<PolicyRule> rules = new ArrayList<>();
    of(ClusterRole.class).forEach(r -> rules.addAll(r.getRules()));
    of(Role.class).forEach(r -> rules.addAll(r.getRules()));

    assertThat(rules).isNotEmpty();
    for (PolicyRule rule : rules) {
      assertThat(rule.getVerbs()).as("verbs of %s", rule.getResources()).doesNotContain("*");
      assertThat(rule.getResources()).as("resources").noneMatch(r -> r.contains("*"));
      assertThat(rule.getApiGroups())
          .as("apiGroups of %s", rule.getResources())
          .doesNotContain("*");
    }
  }

  @Test
  void theOperatorOnlyReadsNodesPersistentVolumesAndClaims() {
    List<PolicyRule> touching =
        of(ClusterRole.class).stream()
            // the syncer's role is bound per host namespace only, and manages its tenant's claims
            .filter(role -> !role.getMetadata().getName().equals(HostNames.SYNCER_CLUSTER_ROLE))
            .flatMap(r -> r.getRules().stream())
            .filter(
                rule ->
                    rule.getResources().stream()
                        .anyMatch(
                            List.of("nodes", "persistentvolumes", "persistentvolumeclaims")
                                ::contains))
            .toList();

    assertThat(touching)
        .isNotEmpty()
        .allSatisfy(
            rule -> assertThat(rule.getVerbs()).containsExactlyInAnyOrder("get", "list", "watch"));
  }

  @Test
  void leasesAreOnlyGrantedInTheOperatorsNamespaceAndTheSyncersHostNamespaces() {
    assertThat(of(ClusterRole.class))
        .filteredOn(role -> !role.getMetadata().getName().equals(HostNames.SYNCER_CLUSTER_ROLE))
        .flatMap(ClusterRole::getRules)
        .noneMatch(rule -> rule.getResources().contains("leases"));
    assertThat(of(ClusterRoleBinding.class))
        .noneMatch(b -> b.getRoleRef().getName().equals(HostNames.SYNCER_CLUSTER_ROLE));
    assertThat(only(Role.class).getMetadata().getNamespace()).isEqualTo("enclave-system");
  }

  @Test
  void theSharedSyncerClusterRolesGrantExactlyWhatTheBuildersBind() {
    assertThat(clusterRole(HostNames.SYNCER_CLUSTER_ROLE).getRules())
        .isEqualTo(SyncerRbacBuilder.hostRules());
    assertThat(clusterRole(HostNames.SYNCER_NODES_CLUSTER_ROLE).getRules())
        .isEqualTo(SyncerRbacBuilder.nodeRules());
  }

  @Test
  void theHelmChartInstallsTheSameSyncerClusterRoles() throws IOException {
    List<HasMetadata> roles = parse(withoutTemplateLines("clusterrole-syncer.yaml"));

    assertThat(roles)
        .extracting(r -> ((ClusterRole) r).getRules())
        .containsExactly(SyncerRbacBuilder.hostRules(), SyncerRbacBuilder.nodeRules());
  }

  @Test
  void theOperatorMayBindTheTwoSyncerRolesByNameButNeverEscalate() {
    List<PolicyRule> rules = clusterRole("enclave-operator").getRules();

    assertThat(rules).noneMatch(rule -> rule.getVerbs().contains("escalate"));
    assertThat(rules)
        .filteredOn(rule -> rule.getVerbs().contains("bind"))
        .singleElement()
        .satisfies(
            rule -> {
              assertThat(rule.getVerbs()).containsExactly("bind");
              assertThat(rule.getResources()).containsExactly("clusterroles");
              assertThat(rule.getResourceNames())
                  .containsExactly(
                      HostNames.SYNCER_CLUSTER_ROLE, HostNames.SYNCER_NODES_CLUSTER_ROLE);
            });
    assertThat(rules)
        .filteredOn(rule -> rule.getApiGroups().contains("rbac.authorization.k8s.io"))
        .flatMap(PolicyRule::getResources)
        .doesNotContain("roles")
        .doesNotContain("clusterroles/escalate");
  }

  @Test
  void everyWebhookFailsClosedAndExemptsItsOwnNamespace() {
    List<ValidatingWebhook> webhooks = only(ValidatingWebhookConfiguration.class).getWebhooks();

    assertThat(webhooks).hasSize(2);
    for (ValidatingWebhook webhook : webhooks) {
      assertThat(webhook.getFailurePolicy()).isEqualTo("Fail");
      assertThat(webhook.getSideEffects()).isEqualTo("None");
      assertThat(webhook.getAdmissionReviewVersions()).containsExactly("v1");
      assertThat(webhook.getTimeoutSeconds()).isEqualTo(10);
      assertThat(exempted(webhook)).contains("enclave-system", "kube-system");
    }
  }

  @Test
  void thePodWebhookOnlyWatchesJurisdictionNamespaces() {
    ValidatingWebhook pods =
        only(ValidatingWebhookConfiguration.class).getWebhooks().stream()
            .filter(w -> w.getClientConfig().getService().getPath().equals("/validate-pods"))
            .findFirst()
            .orElseThrow();

    assertThat(pods.getNamespaceSelector().getMatchExpressions())
        .anyMatch(
            e -> e.getKey().equals("enclave.dev/jurisdiction") && e.getOperator().equals("Exists"));
  }

  @Test
  void theOperatorIssuesTheWebhookCertificate_soNoCaBundleNoCertManagerAndNoKeyIsCommitted()
      throws IOException {
    var configuration = only(ValidatingWebhookConfiguration.class);
    var pod = only(Deployment.class).getSpec().getTemplate().getSpec();
    Map<String, String> env = new HashMap<>();
    pod.getContainers().get(0).getEnv().forEach(e -> env.put(e.getName(), e.getValue()));

    assertThat(configuration.getMetadata().getAnnotations()).isNullOrEmpty();
    assertThat(configuration.getWebhooks())
        .allMatch(w -> w.getClientConfig().getCaBundle() == null);
    assertThat(manifests).noneMatch(m -> m.getApiVersion().startsWith("cert-manager.io/"));
    assertThat(env)
        .containsEntry("ENCLAVE_WEBHOOK_CERT_MANAGER", "enclave")
        .containsEntry("ENCLAVE_WEBHOOK_SECRET", "enclave-webhook-tls")
        .containsEntry("ENCLAVE_WEBHOOK_CONFIGURATION", configuration.getMetadata().getName())
        .containsEntry("ENCLAVE_WEBHOOK_SERVICE", "enclave-webhook")
        .doesNotContainKey("ENCLAVE_WEBHOOK_TLS_DIR");
    assertThat(pod.getVolumes())
        .as("the pod waits for no Secret: the certificate is served from memory")
        .allMatch(v -> v.getSecret() == null);
    try (Stream<Path> files = Files.walk(repoRoot().resolve("deploy"))) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        assertThat(Files.readString(file)).as(file.toString()).doesNotContain("PRIVATE KEY-----");
      }
    }
  }

  @Test
  void theOperatorMayReadAndUpdateItsOwnWebhookConfigurationAndNoOther() {
    String name = only(ValidatingWebhookConfiguration.class).getMetadata().getName();

    assertThat(of(ClusterRole.class))
        .flatMap(ClusterRole::getRules)
        .filteredOn(rule -> rule.getApiGroups().contains("admissionregistration.k8s.io"))
        .singleElement()
        .satisfies(
            rule -> {
              assertThat(rule.getResources()).containsExactly("validatingwebhookconfigurations");
              assertThat(rule.getResourceNames()).containsExactly(name);
              assertThat(rule.getVerbs()).containsExactly("get", "update");
            });
  }

  @Test
  void theHelmChartGrantsTheOperatorTheSameRulesForTheDefaultValues() throws IOException {
    List<HasMetadata> chart = parse(withoutTemplateLines("clusterrole.yaml"));

    assertThat(chart)
        .filteredOn(ClusterRole.class::isInstance)
        .extracting(r -> ((ClusterRole) r).getRules())
        .containsExactly(clusterRole("enclave-operator").getRules());
  }

  @Test
  void everyAdmissionPolicyFailsClosed_deniesThroughItsBinding_andAppliesToTheOperatorOnly() {
    List<ValidatingAdmissionPolicy> policies = of(ValidatingAdmissionPolicy.class);
    Map<String, ValidatingAdmissionPolicyBinding> bindings = new HashMap<>();
    of(ValidatingAdmissionPolicyBinding.class)
        .forEach(b -> bindings.put(b.getSpec().getPolicyName(), b));

    assertThat(policies)
        .extracting(p -> p.getMetadata().getName())
        .containsExactlyInAnyOrder(
            "enclave-operator-namespaces",
            "enclave-operator-namespaced-objects",
            "enclave-operator-bindings");
    for (ValidatingAdmissionPolicy policy : policies) {
      String name = policy.getMetadata().getName();
      assertThat(policy.getSpec().getFailurePolicy()).as(name).isEqualTo("Fail");
      assertThat(policy.getSpec().getMatchConditions())
          .as(name)
          .singleElement()
          .satisfies(
              c ->
                  assertThat(c.getExpression())
                      .isEqualTo(
                          "request.userInfo.username =="
                              + " 'system:serviceaccount:enclave-system:enclave-operator'"));
      assertThat(policy.getSpec().getValidations())
          .as(name)
          .allSatisfy(
              v -> {
                assertThat(v.getReason()).isEqualTo("Forbidden");
                assertThat(v.getMessage()).startsWith("the Enclave operator may ");
                assertThat(v.getMessageExpression()).contains("refused: ");
              });
      assertThat(bindings.get(name)).as("the binding of %s", name).isNotNull();
      assertThat(bindings.get(name).getSpec().getValidationActions()).containsExactly("Deny");
    }
  }

  @Test
  void theNamespacedPolicyCoversEveryNamespacedKindTheOperatorMayWrite_butEvents() {
    Set<String> writable = new TreeSet<>();
    for (PolicyRule rule : clusterRole("enclave-operator").getRules()) {
      List<String> writeVerbs = List.of("create", "update", "patch", "delete");
      if (rule.getVerbs().stream().noneMatch(writeVerbs::contains)
          || rule.getApiGroups().contains("enclave.dev")
          || rule.getApiGroups().contains("admissionregistration.k8s.io")) {
        continue;
      }
      for (String group : rule.getApiGroups()) {
        rule.getResources().stream()
            .filter(r -> !List.of("namespaces", "clusterrolebindings", "events").contains(r))
            .forEach(r -> writable.add(group + "/" + r));
      }
    }
    Set<String> matched = new TreeSet<>();
    var constraints = policy("enclave-operator-namespaced-objects").getSpec().getMatchConstraints();
    for (NamedRuleWithOperations rule : constraints.getResourceRules()) {
      assertThat(rule.getOperations()).containsExactly("CREATE", "UPDATE", "DELETE");
      rule.getApiGroups()
          .forEach(g -> rule.getResources().forEach(r -> matched.add(g + "/" + r)));
    }

    assertThat(writable)
        .contains("/secrets", "apps/statefulsets", "rbac.authorization.k8s.io/rolebindings");
    assertThat(matched).isEqualTo(union(writable, "coordination.k8s.io/leases"));
  }

  @Test
  void theNamespacesPolicySpellsTheHostNamespaceAsTheBuildersDo() {
    String expressions =
        policy("enclave-operator-namespaces").getSpec().getVariables().stream()
            .map(Variable::getExpression)
            .collect(Collectors.joining("\n"));

    assertThat(HostNames.hostNamespace("tenants-eu", "acme")).isEqualTo("tc-tenants-eu-acme");
    assertThat(expressions)
        .contains("== 'tc-' + object.metadata.labels['" + EnclaveApi.TENANT_NAMESPACE_LABEL + "']")
        .contains("+ '-' + object.metadata.labels['" + EnclaveApi.TENANT_NAME_LABEL + "']")
        .contains(
            "labels['" + EnclaveApi.MANAGED_BY_LABEL + "'] == '" + EnclaveApi.MANAGED_BY + "'");
  }

  @Test
  void theHelmChartInstallsTheSameAdmissionPoliciesForTheReleaseNamespaceEnclaveSystem()
      throws IOException {
    List<HasMetadata> chart =
        parse(withoutTemplateLines("validatingadmissionpolicy.yaml", "enclave-system"));

    assertThat(chart).hasSize(6);
    assertThat(chart)
        .filteredOn(ValidatingAdmissionPolicy.class::isInstance)
        .extracting(p -> ((ValidatingAdmissionPolicy) p).getSpec())
        .containsExactlyElementsOf(
            of(ValidatingAdmissionPolicy.class).stream().map(p -> p.getSpec()).toList());
    assertThat(chart)
        .filteredOn(ValidatingAdmissionPolicyBinding.class::isInstance)
        .extracting(b -> ((ValidatingAdmissionPolicyBinding) b).getSpec())
        .containsExactlyElementsOf(
            of(ValidatingAdmissionPolicyBinding.class).stream().map(b -> b.getSpec()).toList());
  }

  private static ValidatingAdmissionPolicy policy(String name) {
    return of(ValidatingAdmissionPolicy.class).stream()
        .filter(p -> p.getMetadata().getName().equals(name))
        .findFirst()
        .orElseThrow();
  }

  private static Set<String> union(Set<String> set, String element) {
    Set<String> union = new TreeSet<>(set);
    union.add(element);
    return union;
  }

  /**
   * A chart template without its template lines: the labels include, and the conditions of the
   * default values, whose bodies stay in.
   */
  private static String withoutTemplateLines(String template) throws IOException {
    return withoutTemplateLines(template, "RELEASE-NAMESPACE");
  }

  /** As above, with the release namespace filled in first. */
  private static String withoutTemplateLines(String template, String releaseNamespace)
      throws IOException {
    return Files.readString(repoRoot().resolve("deploy/helm/enclave/templates").resolve(template))
        .replace("{{ .Release.Namespace }}", releaseNamespace)
        .lines()
        .filter(l -> !l.contains("{{"))
        .collect(Collectors.joining("\n"));
  }

  private static List<String> exempted(ValidatingWebhook webhook) {
    return webhook.getNamespaceSelector().getMatchExpressions().stream()
        .filter(e -> e.getKey().equals("kubernetes.io/metadata.name"))
        .filter(e -> e.getOperator().equals("NotIn"))
        .map(LabelSelectorRequirement::getValues)
        .flatMap(Collection::stream)
        .toList();
  }

  private static ClusterRole clusterRole(String name) {
    return of(ClusterRole.class).stream()
        .filter(r -> r.getMetadata().getName().equals(name))
        .findFirst()
        .orElseThrow();
  }

  @SuppressWarnings("unchecked")
  private static List<HasMetadata> parse(String yaml) {
    Object parsed = Serialization.unmarshal(yaml);
    return parsed instanceof List<?> list
        ? (List<HasMetadata>) list
        : List.of((HasMetadata) parsed);
  }

  private static <T extends HasMetadata> List<T> of(Class<T> type) {
    return manifests.stream().filter(type::isInstance).map(type::cast).toList();
  }

  private static <T extends HasMetadata> T only(Class<T> type) {
    List<T> found = of(type);
    assertThat(found).as(type.getSimpleName()).hasSize(1);
    return found.get(0);
  }

  @SuppressWarnings("unchecked")
  private static List<HasMetadata> read(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      Object parsed = Serialization.unmarshal(in);
      return parsed instanceof List<?> list
          ? (List<HasMetadata>) list
          : List.of((HasMetadata) parsed);
    }
  }

  /** The worktree root: set by the build, or found by walking up to the deploy directory. */
  private static Path repoRoot() {
    String configured = System.getProperty("enclave.repoRoot");
    if (configured != null && Files.isDirectory(Paths.get(configured, "deploy"))) {
      return Paths.get(configured);
    }
    Path dir = Paths.get("").toAbsolutePath();
    while (dir != null && !Files.isDirectory(dir.resolve("deploy/operator"))) {
      dir = dir.getParent();
    }
    assertThat(dir).as("a parent directory holding deploy/operator").isNotNull();
    return dir;
  }
}
