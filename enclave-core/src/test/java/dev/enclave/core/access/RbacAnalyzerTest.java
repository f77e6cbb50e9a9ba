package dev.enclave.core.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.enclave.core.observed.AccessSubject;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fabric8.kubernetes.api.model.rbac.SubjectBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class RbacAnalyzerTest {
  private static final String NS = "tc-tenants-eu-acme";
  private static final AccessSubject MASTERS =
      new AccessSubject(
          "Group",
          "system:masters",
          null,
          "unconditional: members of system:masters bypass RBAC",
          true);

  static PolicyRule rule(List<String> groups, List<String> resources, List<String> verbs) {
    return new PolicyRuleBuilder()
        .withApiGroups(groups)
        .withResources(resources)
        .withVerbs(verbs)
        .build();
  }

  static final ClusterRole CLUSTER_ADMIN =
      clusterRole("cluster-admin", rule(List.of("*"), List.of("*"), List.of("*")));
  static final ClusterRole VIEW =
      clusterRole(
          "view",
          rule(
              List.of(""),
              List.of("pods", "configmaps", "services"),
              List.of("get", "list", "watch")),
          rule(List.of("apps"), List.of("statefulsets"), List.of("get", "list", "watch")));
  static final ClusterRole EDIT =
      clusterRole(
          "edit",
          rule(
              List.of(""),
              List.of("pods", "configmaps", "secrets"),
              List.of("get", "list", "watch", "create")));
  static final ClusterRole NODE_READER =
      clusterRole("node-reader", rule(List.of(""), List.of("nodes"), List.of("get", "list")));

  static ClusterRole clusterRole(String name, PolicyRule... rules) {
    return new ClusterRoleBuilder()
        .withNewMetadata()
        .withName(name)
        .endMetadata()
        .withRules(rules)
        .build();
  }

  static Role role(String namespace, String name, PolicyRule... rules) {
    return new RoleBuilder()
        .withNewMetadata()
        .withNamespace(namespace)
        .withName(name)
        .endMetadata()
        .withRules(rules)
        .build();
  }

  static Subject user(String name) {
    return new SubjectBuilder()
        .withKind("User")
        .withName(name)
        .withApiGroup("rbac.authorization.k8s.io")
        .build();
  }

  static Subject group(String name) {
    return new SubjectBuilder()
        .withKind("Group")
        .withName(name)
        .withApiGroup("rbac.authorization.k8s.io")
        .build();
  }

  static Subject serviceAccount(String namespace, String name) {
    return new SubjectBuilder()
        .withKind("ServiceAccount")
        .withNamespace(namespace)
        .withName(name)
        .build();
  }

  static ClusterRoleBinding clusterBinding(String name, String clusterRole, Subject... subjects) {
    return new ClusterRoleBindingBuilder()
        .withNewMetadata()
        .withName(name)
        .endMetadata()
        .withNewRoleRef()
        .withApiGroup("rbac.authorization.k8s.io")
        .withKind("ClusterRole")
        .withName(clusterRole)
        .endRoleRef()
        .withSubjects(subjects)
        .build();
  }

  static RoleBinding binding(
      String namespace, String name, String kind, String role, Subject... subjects) {
    return new RoleBindingBuilder()
        .withNewMetadata()
        .withNamespace(namespace)
        .withName(name)
        .endMetadata()
        .withNewRoleRef()
        .withApiGroup("rbac.authorization.k8s.io")
        .withKind(kind)
        .withName(role)
        .endRoleRef()
        .withSubjects(subjects)
        .build();
  }

  static List<AccessSubject> readers(
      List<Role> roles,
      List<RoleBinding> bindings,
      List<ClusterRole> clusterRoles,
      List<ClusterRoleBinding> clusterBindings) {
    return RbacAnalyzer.readers(NS, roles, bindings, clusterRoles, clusterBindings);
  }

  @Test
  void withNoBindingsOnlySystemMastersCanRead() {
    assertThat(readers(List.of(), List.of(), List.of(), List.of())).containsExactly(MASTERS);
  }

  @Test
  void aClusterAdminBindingGrantsEverywhereIncludingSecrets() {
    var readers =
        readers(
            List.of(),
            List.of(),
            List.of(CLUSTER_ADMIN),
            List.of(clusterBinding("ops-admins", "cluster-admin", group("ops"))));

    assertThat(readers)
        .containsExactly(
            MASTERS,
            new AccessSubject(
                "Group",
                "ops",
                null,
                "ClusterRoleBinding/ops-admins -> ClusterRole/cluster-admin",
                true));
  }

  @Test
  void viewReadsPodsButNotSecretsWhileEditReadsSecrets() {
    var readers =
        readers(
            List.of(),
            List.of(
                binding(NS, "auditors", "ClusterRole", "view", user("alice")),
                binding(NS, "devs", "ClusterRole", "edit", user("bob"))),
            List.of(VIEW, EDIT),
            List.of());

    assertThat(readers)
        .containsExactly(
            MASTERS,
            new AccessSubject(
                "User",
                "alice",
                null,
                "RoleBinding/" + NS + "/auditors -> ClusterRole/view",
                false),
            new AccessSubject(
                "User", "bob", null, "RoleBinding/" + NS + "/devs -> ClusterRole/edit", true));
  }

  @Test
  void aNamespacedRoleCountsOnlyInItsOwnNamespace() {
    PolicyRule readSecrets = rule(List.of(""), List.of("secrets"), List.of("get"));
    var readers =
        readers(
            List.of(
                role(NS, "secret-reader", readSecrets),
                role("other", "secret-reader", readSecrets)),
            List.of(
                binding(
                    NS,
                    "backup",
                    "Role",
                    "secret-reader",
                    serviceAccount("backup-system", "velero")),
                binding("other", "elsewhere", "Role", "secret-reader", user("mallory"))),
            List.of(),
            List.of());

    assertThat(readers)
        .containsExactly(
            MASTERS,
            new AccessSubject(
                "ServiceAccount",
                "velero",
                "backup-system",
                "RoleBinding/" + NS + "/backup -> Role/secret-reader",
                true));
  }

  @Test
  void aServiceAccountWithoutNamespaceInARoleBindingIsTheBindingsNamespace() {
    Subject sa = new SubjectBuilder().withKind("ServiceAccount").withName("default").build();
    var readers =
        readers(
            List.of(),
            List.of(binding(NS, "b", "ClusterRole", "view", sa)),
            List.of(VIEW),
            List.of());

    assertThat(readers.get(1).namespace()).isEqualTo(NS);
  }

  @Test
  void wildcardVerbsResourcesAndGroupsAllCount() {
    var readers =
        readers(
            List.of(
                role(NS, "any-verb", rule(List.of(""), List.of("configmaps"), List.of("*"))),
                role(NS, "any-resource", rule(List.of("*"), List.of("*"), List.of("list")))),
            List.of(
                binding(NS, "a", "Role", "any-verb", user("a")),
                binding(NS, "b", "Role", "any-resource", user("b"))),
            List.of(),
            List.of());

    assertThat(readers)
        .extracting(AccessSubject::name, AccessSubject::canReadSecrets)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("system:masters", true),
            org.assertj.core.groups.Tuple.tuple("a", false),
            org.assertj.core.groups.Tuple.tuple("b", true));
  }

  @Test
  void rulesThatDoNotReadPodsConfigMapsOrSecretsGrantNothing() {
    var readers =
        readers(
            List.of(
                role(NS, "writer", rule(List.of(""), List.of("pods"), List.of("create", "delete"))),
                role(NS, "apps", rule(List.of("apps"), List.of("*"), List.of("get")))),
            List.of(
                binding(NS, "w", "Role", "writer", user("w")),
                binding(NS, "a", "Role", "apps", user("a")),
                binding(NS, "n", "ClusterRole", "node-reader", user("n")),
                binding(NS, "dangling", "ClusterRole", "does-not-exist", user("d"))),
            List.of(NODE_READER),
            List.of());

    assertThat(readers).containsExactly(MASTERS);
  }

  @Test
  void resourceNamesRestrictedRulesCountAndAreShownAsPartial() {
    var readers =
        readers(
            List.of(
                role(
                    NS,
                    "kubeconfig-reader",
                    new PolicyRuleBuilder()
                        .withApiGroups("")
                        .withResources("secrets")
                        .withResourceNames("acme-admin-kubeconfig")
                        .withVerbs("get")
                        .build()),
                role(
                    NS,
                    "pods-and-one-secret",
                    rule(List.of(""), List.of("pods"), List.of("get")),
                    new PolicyRuleBuilder()
                        .withApiGroups("")
                        .withResources("secrets")
                        .withResourceNames("acme-ca")
                        .withVerbs("get")
                        .build())),
            List.of(
                binding(NS, "k", "Role", "kubeconfig-reader", user("k")),
                binding(NS, "p", "Role", "pods-and-one-secret", user("p"))),
            List.of(),
            List.of());

    assertThat(readers)
        .extracting(AccessSubject::via, AccessSubject::canReadSecrets)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(MASTERS.via(), true),
            org.assertj.core.groups.Tuple.tuple(
                "RoleBinding/"
                    + NS
                    + "/k -> Role/kubeconfig-reader (resourceNames: acme-admin-kubeconfig)",
                true),
            org.assertj.core.groups.Tuple.tuple(
                "RoleBinding/"
                    + NS
                    + "/p -> Role/pods-and-one-secret (secrets only by resourceNames: acme-ca)",
                true));
  }

  @Test
  void aggregatedClusterRolesAreJudgedByTheirServedRules() {
    ClusterRole aggregated =
        new ClusterRoleBuilder(
                clusterRole("monitoring-view", rule(List.of(""), List.of("pods"), List.of("list"))))
            .withNewAggregationRule()
            .addNewClusterRoleSelector()
            .addToMatchLabels("rbac.example.com/aggregate-to-monitoring", "true")
            .endClusterRoleSelector()
            .endAggregationRule()
            .build();
    var readers =
        readers(
            List.of(),
            List.of(),
            List.of(aggregated),
            List.of(clusterBinding("mon", "monitoring-view", group("sre"))));

    assertThat(readers).extracting(AccessSubject::name).containsExactly("system:masters", "sre");
  }

  @Test
  void readersAreSortedByKindNamespaceNameAndBinding() {
    var readers =
        readers(
            List.of(),
            List.of(
                binding(
                    NS,
                    "z",
                    "ClusterRole",
                    "view",
                    user("zoe"),
                    serviceAccount("kube-system", "a"),
                    group("g"))),
            List.of(VIEW),
            List.of(clusterBinding("all", "view", user("adam"))));

    assertThat(readers)
        .extracting(AccessSubject::kind, AccessSubject::name)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("Group", "system:masters"),
            org.assertj.core.groups.Tuple.tuple("Group", "g"),
            org.assertj.core.groups.Tuple.tuple("ServiceAccount", "a"),
            org.assertj.core.groups.Tuple.tuple("User", "adam"),
            org.assertj.core.groups.Tuple.tuple("User", "zoe"));
  }
}
