package dev.enclave.core.controlplane;

import static org.assertj.core.api.Assertions.assertThat;

import dev.enclave.api.v1alpha1.AwsKmsProvider;
import dev.enclave.api.v1alpha1.Jurisdiction;
import dev.enclave.api.v1alpha1.KmsProvider;
import dev.enclave.api.v1alpha1.LocalObjectReference;
import dev.enclave.api.v1alpha1.TenantCluster;
import dev.enclave.api.v1alpha1.VaultKmsProvider;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The KMS sidecar is told its backend: local by default, Vault or AWS KMS when declared. */
class KmsPluginFlagsTest {
  private final TenantCluster tenant = Fixtures.embedded();

  @Test
  void whenNoProviderIsDeclaredThenThePluginReadsTheOperatorGeneratedKeyFileReadOnly() {
    ControlPlaneModel model = ControlPlaneModel.fromCrd(tenant, Fixtures.eu(), null);

    Container plugin = ControlPlaneContainers.kmsPlugin(model);

    assertThat(plugin.getArgs())
        .containsExactly(
            "--backend=local",
            "--health-listen=0.0.0.0:" + KmsPluginFlags.HEALTH_PORT,
            "--key-file=/etc/enclave/kms/keys",
            "--key-name=" + EncryptionConfigBuilder.providerName(model),
            "--listen=unix:///var/run/kmsplugin/eu.sock");
    VolumeMount key = plugin.getVolumeMounts().get(1);
    assertThat(key.getMountPath()).isEqualTo("/etc/enclave/kms");
    assertThat(key.getReadOnly()).isTrue();
    Volume volume = volume(model, "kms-key");
    assertThat(volume.getSecret().getSecretName()).isEqualTo(tenant.getMetadata().getName() + "-kms-key");
    assertThat(volume.getSecret().getItems()).singleElement().satisfies(i -> assertThat(i.getKey()).isEqualTo("keys"));
  }

  @Test
  void whenVaultIsDeclaredThenItsAddressKeyMountAndTokenFileArePassed() {
    VaultKmsProvider vault = new VaultKmsProvider();
    vault.setAddress("https://vault.eu.example.com:8200");
    vault.setTransitKey("eu-tenants");
    vault.setTransitMount("transit-eu");
    LocalObjectReference token = new LocalObjectReference();
    token.setName("eu-vault-token");
    vault.setTokenSecretRef(token);
    KmsProvider provider = new KmsProvider();
    provider.setVault(vault);

    ControlPlaneModel model = ControlPlaneModel.fromCrd(tenant, with(provider), null);

    assertThat(ControlPlaneContainers.kmsPlugin(model).getArgs())
        .contains(
            "--backend=vault",
            "--vault-address=https://vault.eu.example.com:8200",
            "--vault-token-file=/etc/enclave/kms-vault/token",
            "--vault-transit-key=eu-tenants",
            "--vault-transit-mount=transit-eu");
    assertThat(volume(model, "kms-vault-token").getSecret().getSecretName()).isEqualTo("eu-vault-token");
    assertThat(volumeNames(model)).doesNotContain("kms-key");
  }

  @Test
  void whenAwsKmsIsDeclaredThenRegionKeyAndEndpointArePassedAndNoSecretIsMounted() {
    AwsKmsProvider aws = new AwsKmsProvider();
    aws.setRegion("eu-central-1");
    aws.setKeyId("alias/enclave-eu");
    aws.setEndpoint("https://kms.eu-central-1.amazonaws.com");
    KmsProvider provider = new KmsProvider();
    provider.setAwsKms(aws);

    ControlPlaneModel model = ControlPlaneModel.fromCrd(tenant, with(provider), null);
    Container plugin = ControlPlaneContainers.kmsPlugin(model);

    assertThat(plugin.getArgs())
        .contains(
            "--backend=aws-kms",
            "--aws-region=eu-central-1",
            "--aws-key-id=alias/enclave-eu",
            "--aws-endpoint=https://kms.eu-central-1.amazonaws.com");
    assertThat(plugin.getVolumeMounts()).extracting(VolumeMount::getName).containsExactly("kms-socket");
    assertThat(volumeNames(model)).doesNotContain("kms-key", "kms-vault-token");
  }

  private static Jurisdiction with(KmsProvider provider) {
    Jurisdiction eu = Fixtures.eu();
    eu.getSpec().getKeyManagement().setProvider(provider);
    return eu;
  }

  private static Volume volume(ControlPlaneModel model, String name) {
    return ControlPlaneVolumes.forPod(model).stream().filter(v -> v.getName().equals(name)).findFirst().orElseThrow();
  }

  private static List<String> volumeNames(ControlPlaneModel model) {
    return ControlPlaneVolumes.forPod(model).stream().map(Volume::getName).toList();
  }
}
