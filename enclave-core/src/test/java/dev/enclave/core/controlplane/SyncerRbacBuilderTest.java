package dev.enclave.core.controlplane;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SyncerRbacBuilderTest {

  @Test
  void inItsHostNamespaceTheSyncerGetsExactlyTheseVerbs() {
    assertThat(SyncerRbacBuilder.hostRules())
        .extracting(SyncerRbacBuilderTest::describe)
        .containsExactly(
            "[] [pods, configmaps, secrets, services, persistentvolumeclaims]"
                + " [get, list, watch, create, update, patch, delete]",
            "[discovery.k8s.io] [endpointslices] [get, list, watch, create, update, patch, delete]",
            "[] [events] [get, list, watch, create, patch]",
            "[coordination.k8s.io] [leases] [get, create, update]");
  }

  @Test
  void clusterWideTheSyncerOnlyReadsNodes() {
    assertThat(SyncerRbacBuilder.nodeRules())
        .extracting(SyncerRbacBuilderTest::describe)
        .containsExactly("[] [nodes] [get, list, watch]");
  }

  @Test
  void noRuleGrantsAWildcardPodStatusOrServiceAccounts() {
    List<PolicyRule> rules = new ArrayList<>(SyncerRbacBuilder.hostRules());
    rules.addAll(SyncerRbacBuilder.nodeRules());

    for (PolicyRule rule : rules) {
      assertThat(rule.getVerbs()).doesNotContain("*", "escalate", "bind", "impersonate");
      assertThat(rule.getResources())
          .noneMatch(r -> r.contains("*"))
          .doesNotContain("pods/status", "serviceaccounts", "serviceaccounts/token");
      assertThat(rule.getApiGroups()).doesNotContain("*");
      assertThat(rule.getResourceNames()).isEmpty();
    }
  }

  @Test
  void theBindingsGrantTheSharedRolesToTheSyncerOfThisTenantOnly() {
    RoleBinding roleBinding = Rendered.named(Fixtures.embedded(), RoleBinding.class, "acme-syncer");
    ClusterRoleBinding nodes =
        Rendered.named(
            Fixtures.embedded(), ClusterRoleBinding.class, "tc-tenants-eu-acme-syncer-nodes");

    assertThat(roleBinding.getMetadata().getNamespace()).isEqualTo("tc-tenants-eu-acme");
    assertThat(roleBinding.getRoleRef().getKind()).isEqualTo("ClusterRole");
    assertThat(roleBinding.getRoleRef().getName()).isEqualTo("enclave-syncer");
    assertThat(nodes.getRoleRef().getName()).isEqualTo("enclave-syncer-nodes");
    assertThat(nodes.getMetadata().getNamespace()).isNull();
    for (var subjects : List.of(roleBinding.getSubjects(), nodes.getSubjects())) {
      assertThat(subjects)
          .singleElement()
          .satisfies(
              s -> {
                assertThat(s.getKind()).isEqualTo("ServiceAccount");
                assertThat(s.getName()).isEqualTo("acme-syncer");
                assertThat(s.getNamespace()).isEqualTo("tc-tenants-eu-acme");
              });
    }
  }

  @Test
  void theWorkloadsServiceAccountIsBoundToNothing() {
    assertThat(Rendered.ofKind(Rendered.of(Fixtures.embedded()), RoleBinding.class))
        .flatMap(RoleBinding::getSubjects)
        .noneMatch(s -> s.getName().equals("acme-workloads") || s.getName().equals("acme-coredns"));
  }

  static String describe(PolicyRule rule) {
    return rule.getApiGroups().stream().filter(g -> !g.isEmpty()).toList()
        + " "
        + rule.getResources()
        + " "
        + rule.getVerbs();
  }
}
