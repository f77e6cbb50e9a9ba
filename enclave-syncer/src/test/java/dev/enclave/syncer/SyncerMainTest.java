package dev.enclave.syncer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyncerMainTest {

  @Test
  void whenTheTenantKubeconfigIsNotSetThenTheMessageNamesTheVariable() {
    assertThatThrownBy(() -> SyncerMain.Settings.from(Map.of()))
        .isInstanceOf(SyncerMain.BadConfig.class)
        .hasMessage("ENCLAVE_TENANT_KUBECONFIG is not set (expected the path of a mounted file)");
  }

  @Test
  void whenTheTenantDnsAddressIsNotGivenThenItIsLeftToBeReadFromTheHost(@TempDir Path dir)
      throws Exception {
    Path kubeconfig = Files.writeString(dir.resolve("kubeconfig"), "apiVersion: v1\n");
    Path policy =
        Files.writeString(
            dir.resolve("policy.json"),
            dev.enclave.core.sync.SyncPolicyJson.write(SyncerFixture.POLICY));

    SyncerMain.Settings settings =
        SyncerMain.Settings.from(
            Map.of(
                "ENCLAVE_TENANT_KUBECONFIG", kubeconfig.toString(),
                "ENCLAVE_SYNC_POLICY", policy.toString()));

    assertThat(settings.options().dnsServerIp()).isNull();
  }

  @Test
  void whenThePolicyIsNotJsonThenTheMessageIsOneLine(@TempDir Path dir) throws Exception {
    Path kubeconfig = Files.writeString(dir.resolve("kubeconfig"), "apiVersion: v1\n");
    Path policy = Files.writeString(dir.resolve("policy.json"), "{broken");

    assertThatThrownBy(
            () ->
                SyncerMain.Settings.from(
                    Map.of(
                        "ENCLAVE_TENANT_KUBECONFIG", kubeconfig.toString(),
                        "ENCLAVE_SYNC_POLICY", policy.toString())))
        .isInstanceOf(SyncerMain.BadConfig.class)
        .hasMessageStartingWith("ENCLAVE_SYNC_POLICY=" + policy + ": not a sync policy: ")
        .hasMessageNotContaining("\n");
  }

  @Test
  void whenTheConfigurationIsGoodThenTheSettingsCarryIt(@TempDir Path dir) throws Exception {
    Path kubeconfig = Files.writeString(dir.resolve("kubeconfig"), "apiVersion: v1\n");
    Path policy =
        Files.writeString(
            dir.resolve("policy.json"),
            dev.enclave.core.sync.SyncPolicyJson.write(SyncerFixture.POLICY));

    SyncerMain.Settings settings =
        SyncerMain.Settings.from(
            Map.of(
                "ENCLAVE_TENANT_KUBECONFIG",
                kubeconfig.toString(),
                "ENCLAVE_SYNC_POLICY",
                policy.toString(),
                "ENCLAVE_HEALTH_PORT",
                "9090",
                "ENCLAVE_TENANT_DNS_IP",
                "10.96.0.53"));

    assertThat(settings.policy()).isEqualTo(SyncerFixture.POLICY);
    assertThat(settings.healthPort()).isEqualTo(9090);
    assertThat(settings.options().dnsServerIp()).isEqualTo("10.96.0.53");
  }
}
