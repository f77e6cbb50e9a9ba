package dev.enclave.operator.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.enclave.testbed.Command;
import dev.enclave.testbed.Testbed;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The generated CRDs on a real API server: applied server-side, examples valid, bad input refused. */
class CrdsIT {
  private static InstalledChart chart;

  @BeforeAll
  static void install() {
    chart = InstalledChart.get();
  }

  @Test
  void the_crds_apply_server_side_with_a_named_field_manager() {
    Command.Result applied =
        chart.host.kubectl(
                "apply", "--server-side", "--force-conflicts", "--field-manager=enclave-it",
                "-f", Testbed.repoRoot().resolve("deploy/crds").toString())
            .requireSuccess();
    assertThat(applied.stdout()).contains("tenantclusters.enclave.dev serverside-applied");
    Command.Result established =
        chart.host.kubectl(
                "wait", "--for=condition=Established", "--timeout=60s",
                "crd/tenantclusters.enclave.dev", "crd/jurisdictions.enclave.dev",
                "crd/datastores.enclave.dev", "crd/accessgrants.enclave.dev")
            .requireSuccess();
    assertThat(established.stdout()).contains("condition met");
  }

  @Test
  void every_example_object_passes_a_server_dry_run_through_schema_and_webhook() {
    Path examples = Testbed.examplePlatform();
    chart.applyExamplePlatform();
    for (String dir : new String[] {"eu", "uk"}) {
      Command.Result dryRun =
          chart.host.kubectl("apply", "--dry-run=server", "-R", "-f", examples.resolve(dir).toString());
      assertThat(dryRun.exitCode()).as(dryRun.stderr()).isZero();
      assertThat(dryRun.stdout()).contains("(server dry run)");
    }
  }

  @Test
  void a_malformed_tenant_cluster_is_refused_by_the_servers_own_schema_validation() {
    String malformed =
        """
        apiVersion: enclave.dev/v1alpha1
        kind: TenantCluster
        metadata: {name: malformed, namespace: default}
        spec:
          jurisdiction: eu
          kubernetesVersion: "1.37.2"
          controlPlane: {replicas: "three"}
        """;
    Command.Result refused =
        chart.host.kubectlAs(chart.host.apiServer().adminKubeconfig(), malformed, "create", "-f", "-");
    assertThat(refused.exitCode()).isNotZero();
    assertThat(refused.stderr()).contains("spec.controlPlane.replicas").contains("integer");
  }
}
