package dev.enclave.core.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import dev.enclave.api.v1alpha1.TenantCluster;
import dev.enclave.api.v1alpha1.TenantClusterSpec;
import dev.enclave.api.v1alpha1.TenantClusterStatus;
import dev.enclave.api.v1alpha1.UpgradeStatus;
import org.junit.jupiter.api.Test;

class UpgradePathTest {

  @Test
  void aPatchOrTheNextMinorMayFollow_butNeverAnOlderReleaseOrASkippedMinor() {
    assertThat(UpgradePath.refusal("1.36.3", "1.36.5")).isEmpty();
    assertThat(UpgradePath.refusal("1.36.3", "1.37.2")).isEmpty();
    assertThat(UpgradePath.refusal("1.36.3", "1.36.3")).isEmpty();
    assertThat(UpgradePath.refusal("1.37.2", "1.37.1")).get().asString()
        .startsWith("kubernetes version \"1.37.1\" is older than the running 1.37.2; a tenant cluster is never downgraded");
    assertThat(UpgradePath.refusal("1.36.3", "1.38.0")).get().asString()
        .isEqualTo("kubernetes version \"1.38.0\" skips minor 1.37 from the running 1.36.3; upgrade one minor"
            + " at a time; allowed: a release of 1.36 or 1.37");
    assertThat(UpgradePath.refusal("1.36.3", "2.0.0")).get().asString().contains("changes the major version");
    assertThat(UpgradePath.refusal("1.36.3", "1.37")).as("not exact: the compliance rules say so").isEmpty();
  }

  @Test
  void theApiServerMovesFirst_theOtherComponentsOnlyFromTheComponentsStep() {
    assertThat(UpgradePath.rendered(tenant("1.37.2", null, null)))
        .isEqualTo(new UpgradePath.ComponentVersions("1.37.2", "1.37.2"));
    assertThat(UpgradePath.rendered(tenant("1.37.2", "1.36.3", null)))
        .as("not started: the running release")
        .isEqualTo(new UpgradePath.ComponentVersions("1.36.3", "1.36.3"));
    assertThat(UpgradePath.rendered(tenant("1.37.2", "1.36.3", UpgradePath.BACKUP)))
        .isEqualTo(new UpgradePath.ComponentVersions("1.36.3", "1.36.3"));
    assertThat(UpgradePath.rendered(tenant("1.37.2", "1.36.3", UpgradePath.API_SERVER)))
        .isEqualTo(new UpgradePath.ComponentVersions("1.37.2", "1.36.3"));
    assertThat(UpgradePath.rendered(tenant("1.37.2", "1.36.3", UpgradePath.COMPONENTS)))
        .isEqualTo(new UpgradePath.ComponentVersions("1.37.2", "1.37.2"));
    assertThat(UpgradePath.rendered(tenant("1.37.2", "1.36.3", UpgradePath.HEALTH_GATE)))
        .isEqualTo(new UpgradePath.ComponentVersions("1.37.2", "1.37.2"));
    assertThat(UpgradePath.rendered(tenant("1.36.3", "1.37.2", UpgradePath.API_SERVER)))
        .as("a refused downgrade keeps what runs")
        .isEqualTo(new UpgradePath.ComponentVersions("1.37.2", "1.37.2"));
  }

  @Test
  void anUpgradeToAnotherTargetThanDeclaredHasNotStarted() {
    TenantCluster tenant = tenant("1.37.2", "1.36.3", UpgradePath.COMPONENTS);
    tenant.getStatus().getUpgrade().setTo("1.36.5");
    assertThat(UpgradePath.rendered(tenant)).isEqualTo(new UpgradePath.ComponentVersions("1.36.3", "1.36.3"));
  }

  private static TenantCluster tenant(String declared, String running, String step) {
    TenantCluster tenant = new TenantCluster();
    TenantClusterSpec spec = new TenantClusterSpec();
    spec.setKubernetesVersion(declared);
    tenant.setSpec(spec);
    if (running != null) {
      TenantClusterStatus status = new TenantClusterStatus();
      status.setVersion(running);
      if (step != null) {
        UpgradeStatus upgrade = new UpgradeStatus();
        upgrade.setFrom(running);
        upgrade.setTo(declared);
        upgrade.setStep(step);
        status.setUpgrade(upgrade);
      }
      tenant.setStatus(status);
    }
    return tenant;
  }
}
