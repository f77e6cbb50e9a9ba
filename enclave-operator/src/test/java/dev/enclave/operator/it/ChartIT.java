package dev.enclave.operator.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.enclave.testbed.Command;
import dev.enclave.testbed.Components;
import dev.enclave.testbed.HostCluster;
import dev.enclave.testbed.KubeApiServer;
import dev.enclave.testbed.Testbed;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The Helm chart: linted, rendered, dry-run on a plain API server, installed on the testbed. */
class ChartIT {
  @Test
  void helm_lint_is_clean_for_both_certificate_managers() {
    HostCluster host = Testbed.host();
    Command.Result lint = host.helm("lint", "--strict", InstalledChart.chart().toString()).requireSuccess();
    assertThat(lint.stdout()).contains("0 chart(s) failed").doesNotContain("[WARNING]");
    Command.Result certManager =
        host.helm(
                "lint", "--strict", InstalledChart.chart().toString(),
                "--set=webhook.certificate.manager=cert-manager")
            .requireSuccess();
    assertThat(certManager.stdout()).doesNotContain("[WARNING]");
  }

  @Test
  void the_chart_with_default_values_and_the_crds_pass_a_server_dry_run_on_a_plain_api_server()
      throws Exception {
    HostCluster host = Testbed.host();
    String rendered =
        host.helm("template", "enclave", InstalledChart.chart().toString(), "--namespace=enclave-system", "--include-crds")
            .requireSuccess()
            .stdout();
    assertThat(rendered).doesNotContain("cert-manager.io").doesNotContain("BEGIN PRIVATE KEY");
    KubeApiServer plain =
        host.startTenantApiServer("plain", Components.fromEnvironment().newestKubernetes());
    try {
      Path kubeconfig = plain.adminKubeconfig();
      host.kubectlAs(kubeconfig, null, "create", "namespace", "enclave-system").requireSuccess();
      Command.Result crds =
          host.kubectlAs(kubeconfig, null, "apply", "--dry-run=server", "-f", Testbed.repoRoot().resolve("deploy/crds").toString())
              .requireSuccess();
      assertThat(crds.stdout()).contains("tenantclusters.enclave.dev created (server dry run)");
      // Custom resources of the chart need their CRDs; everything else is dry-run as rendered.
      Command.Result chart =
          host.kubectlAs(kubeconfig, rendered, "apply", "--dry-run=server", "-f", "-").requireSuccess();
      assertThat(chart.stdout())
          .contains("clusterrole.rbac.authorization.k8s.io/enclave-operator created (server dry run)")
          .contains("validatingwebhookconfiguration.admissionregistration.k8s.io/enclave created (server dry run)")
          .contains("validatingadmissionpolicy.admissionregistration.k8s.io/enclave-operator-namespaces created (server dry run)")
          .contains("deployment.apps/enclave-operator created (server dry run)");
    } finally {
      plain.close();
    }
  }

  @Test
  void helm_install_from_the_checkout_brings_crds_rbac_policies_and_the_webhook_configuration() {
    InstalledChart chart = InstalledChart.get();
    Command.Result status = chart.host.helm("status", "enclave", "--namespace=" + InstalledChart.NAMESPACE).requireSuccess();
    assertThat(status.stdout()).contains("STATUS: deployed");
    try (KubernetesClient admin = chart.host.adminClient()) {
      assertThat(admin.apiextensions().v1().customResourceDefinitions().withName("tenantclusters.enclave.dev").get())
          .isNotNull();
      assertThat(admin.rbac().clusterRoles().withName("enclave-operator").get()).isNotNull();
      var webhooks = admin.admissionRegistration().v1().validatingWebhookConfigurations().withName("enclave").get();
      // The operator wrote its own CA into every webhook: no cert-manager on this cluster.
      assertThat(webhooks.getWebhooks())
          .allSatisfy(w -> assertThat(w.getClientConfig().getCaBundle()).isNotBlank())
          .allSatisfy(w -> assertThat(w.getClientConfig().getUrl()).startsWith("https://127.0.0.1:"));
      assertThat(admin.secrets().inNamespace(InstalledChart.NAMESPACE).withName("enclave-webhook-tls").get().getType())
          .isEqualTo("kubernetes.io/tls");
    }
  }
}
