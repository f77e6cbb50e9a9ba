package dev.enclave.cli.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import dev.enclave.api.v1alpha1.Jurisdiction;
import dev.enclave.api.v1alpha1.TenantCluster;
import dev.enclave.api.v1alpha1.TenantClusterStatus;
import dev.enclave.core.gitops.GitOpsLoader;
import dev.enclave.core.model.Declared;
import dev.enclave.core.model.Platform;
import dev.enclave.testbed.Testbed;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UpgradeWavesTest {
  private final Platform platform = new GitOpsLoader().load(Testbed.examplePlatform()).platform();
  private final Jurisdiction eu = platform.jurisdiction("eu").orElseThrow();

  @Test
  void theExampleEuTenantsOn136MoveIn_wavesOfMaxParallel_andTheOthersRunTheReleaseAlready() {
    List<TenantCluster> tenants = running(platform);
    TenantCluster second = Serialization.clone(tenants.stream()
        .filter(t -> t.getMetadata().getName().equals("insurer-claims")).findFirst().orElseThrow());
    second.getMetadata().setName("insurer-claims-2");
    tenants.add(second);

    UpgradeWaves plan = UpgradeWaves.plan(eu, tenants, "1.37.2", 1);

    assertThat(plan.entries())
        .extracting(e -> e.ref() + " " + e.action())
        .containsExactly(
            "tenants-eu/acme-bank CURRENT",
            "tenants-eu/ai-lab CURRENT",
            "tenants-eu/insurer-claims UPGRADE",
            "tenants-eu/insurer-claims-2 UPGRADE");
    assertThat(plan.waves()).hasSize(2);
    assertThat(UpgradeWaves.plan(eu, tenants, "1.37.2", 5).waves()).hasSize(1);
    assertThat(plan.refused()).isEmpty();
  }

  @Test
  void aHeldReleaseADowngradeAndASkippedMinorAreRefusedWithTheirReasons() {
    List<TenantCluster> tenants = running(platform);

    assertThat(UpgradeWaves.plan(eu, tenants, "1.37.1", 1).refused())
        .extracting(UpgradeWaves.Entry::reason)
        .contains("spec.kubernetesVersion: kubernetes version \"1.37.1\" is held back in jurisdiction \"eu\"; held: 1.37.1;"
            + " choose another patch release of 1.37");
    assertThat(UpgradeWaves.plan(eu, tenants, "1.36.5", 1).refused())
        .extracting(e -> e.ref() + ": " + e.reason().substring(0, e.reason().indexOf(';')))
        .containsExactly(
            "tenants-eu/acme-bank: spec.kubernetesVersion: kubernetes version \"1.36.5\" is older than"
                + " the running 1.37.2",
            "tenants-eu/ai-lab: spec.kubernetesVersion: kubernetes version \"1.36.5\" is older than"
                + " the running 1.37.2");
    assertThat(UpgradeWaves.plan(eu, tenants, "1.38.0", 1).refused())
        .extracting(UpgradeWaves.Entry::reason)
        .hasSize(3)
        .allMatch(r -> r.contains("(minor 1.38) is not allowed in jurisdiction \"eu\""));
  }

  @Test
  void aTenantManagedByArgoCdIsNamed_soGitIsChangedToo() {
    TenantCluster tenant = running(platform).get(0);
    tenant.getMetadata().setAnnotations(Map.of("argocd.argoproj.io/tracking-id", "eu:enclave.dev/TenantCluster:x"));
    assertThat(UpgradeWaves.plan(eu, List.of(tenant), "1.37.2", 1).entries().get(0).gitOpsManager())
        .contains("Argo CD");
  }

  /** The example's tenants as the operator reports them: each running its declared release. */
  private static List<TenantCluster> running(Platform platform) {
    List<TenantCluster> tenants = new ArrayList<>();
    for (Declared<TenantCluster> declared : platform.tenantClusters()) {
      TenantCluster tenant = Serialization.clone(declared.object());
      TenantClusterStatus status = new TenantClusterStatus();
      status.setVersion(tenant.getSpec().getKubernetesVersion());
      tenant.setStatus(status);
      tenants.add(tenant);
    }
    return tenants;
  }
}
