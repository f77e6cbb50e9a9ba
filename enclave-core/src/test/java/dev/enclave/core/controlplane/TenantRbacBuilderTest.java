package dev.enclave.core.controlplane;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TenantRbacBuilderTest {

  @Test
  void coreDnsOnlyWatchesWhatItsKubernetesPluginServes() {
    assertThat(TenantRbacBuilder.corednsRules())
        .extracting(SyncerRbacBuilderTest::describe)
        .containsExactly(
            "[] [services, pods, namespaces] [list, watch]",
            "[discovery.k8s.io] [endpointslices] [list, watch]");
  }

  @Test
  void theSyncerCorednsAndAdminsAreBoundByTheNamesTheirCertificatesCarry() {
    List<HasMetadata> objects = TenantRbacBuilder.build();

    assertThat(Rendered.ofKind(objects, ClusterRoleBinding.class))
        .extracting(
            b ->
                b.getRoleRef().getName()
                    + " <- "
                    + b.getSubjects().get(0).getKind()
                    + " "
                    + b.getSubjects().get(0).getName())
        .containsExactly(
            "enclave:syncer <- Group enclave:syncers",
            "enclave:coredns <- User enclave:coredns",
            "cluster-admin <- Group enclave:tenant-admins");
  }

  @Test
  void noTenantRuleGrantsAWildcardOrEscalation() {
    List<PolicyRule> rules = new ArrayList<>(TenantRbacBuilder.syncerRules());
    rules.addAll(TenantRbacBuilder.corednsRules());

    for (PolicyRule rule : rules) {
      assertThat(rule.getVerbs()).doesNotContain("*", "escalate", "bind", "impersonate");
      assertThat(rule.getResources()).noneMatch(r -> r.contains("*"));
    }
  }
}
