package dev.enclave.operator.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A verb taken out of the chart's ClusterRole: the step that needs it fails clearly, then heals. */
class PermissionDeniedIT {
  private static InstalledChart chart;

  @BeforeAll
  static void install() {
    chart = InstalledChart.get();
    chart.applyExamplePlatform();
  }

  @Test
  void without_create_on_networkpolicies_a_new_tenant_says_so_in_its_ready_condition_and_an_event() {
    String tenant =
        """
        apiVersion: enclave.dev/v1alpha1
        kind: TenantCluster
        metadata: {name: rbac-probe, namespace: tenants-eu}
        spec: {jurisdiction: eu, kubernetesVersion: "1.37.2", dataStore: {ref: eu-postgres-1}}
        """;
    try (KubernetesClient admin = chart.host.adminClient()) {
      var role = admin.rbac().clusterRoles().withName("enclave-operator");
      ClusterRole original = role.get();
      chart.expectDenials();
      role.edit(r -> withoutCreateOnNetworkPolicies(r));
      try {
        chart.host.kubectlAs(chart.host.apiServer().adminKubeconfig(), tenant, "apply", "-f", "-").requireSuccess();
        Await.until(chart.host, "rbac-probe Ready=False PermissionDenied", Duration.ofSeconds(90),
            () -> "PermissionDenied".equals(readyReason(admin)));
        String message = readyMessage(admin);
        assertThat(message)
            .contains("cannot create resource \"networkpolicies\"")
            .contains("tc-tenants-eu-rbac-probe")
            .contains("ClusterRole enclave-operator");
        Await.until(chart.host, "a PermissionDenied event", Duration.ofSeconds(30),
            () -> admin.v1().events().inNamespace("tenants-eu").list().getItems().stream()
                .anyMatch(e -> "PermissionDenied".equals(e.getReason())
                    && "rbac-probe".equals(e.getInvolvedObject().getName())));
        Event event = admin.v1().events().inNamespace("tenants-eu").list().getItems().stream()
            .filter(e -> "PermissionDenied".equals(e.getReason())).findFirst().orElseThrow();
        assertThat(event.getType()).isEqualTo("Warning");
        assertThat(event.getMessage()).contains("networkpolicies");
      } finally {
        role.edit(r -> {
          r.setRules(original.getRules());
          return r;
        });
      }
      // Retried with back-off, not a crash loop: the restored grant lets the tenant converge.
      Await.until(chart.host, "rbac-probe Ready after the grant is back", Duration.ofMinutes(3),
          () -> "Ready".equals(OperatorRbacIT.phase(admin, "tenants-eu/rbac-probe")));
      assertThat(chart.operator.operator().isReady()).isTrue();
    }
  }

  private static ClusterRole withoutCreateOnNetworkPolicies(ClusterRole role) {
    List<PolicyRule> rules = new ArrayList<>();
    for (PolicyRule rule : role.getRules()) {
      if (rule.getResources().contains("networkpolicies")) {
        List<String> verbs = new ArrayList<>(rule.getVerbs());
        verbs.remove("create");
        rule.setVerbs(verbs);
      }
      rules.add(rule);
    }
    role.setRules(rules);
    return role;
  }

  private static Map<?, ?> ready(KubernetesClient admin) {
    var found = admin.genericKubernetesResources("enclave.dev/v1alpha1", "TenantCluster")
        .inNamespace("tenants-eu").withName("rbac-probe").get();
    if (found == null || !(found.getAdditionalProperties().get("status") instanceof Map<?, ?> status)
        || !(status.get("conditions") instanceof List<?> conditions)) {
      return Map.of();
    }
    return conditions.stream().map(c -> (Map<?, ?>) c).filter(c -> "Ready".equals(c.get("type")))
        .findFirst().orElse(Map.of());
  }

  private static String readyReason(KubernetesClient admin) {
    return (String) ready(admin).get("reason");
  }

  private static String readyMessage(KubernetesClient admin) {
    return (String) ready(admin).get("message");
  }
}
