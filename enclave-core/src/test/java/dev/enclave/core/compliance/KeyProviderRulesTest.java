package dev.enclave.core.compliance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.enclave.api.v1alpha1.AwsKmsProvider;
import dev.enclave.api.v1alpha1.KmsProvider;
import dev.enclave.api.v1alpha1.LocalKmsProvider;
import dev.enclave.api.v1alpha1.VaultKmsProvider;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class KeyProviderRulesTest {
  private final TestPlatform platform = TestPlatform.valid();

  private void declare(KmsProvider provider) {
    platform.eu.getSpec().getKeyManagement().setProvider(provider);
  }

  private static KmsProvider vault(String address) {
    VaultKmsProvider vault = new VaultKmsProvider();
    vault.setAddress(address);
    vault.setTransitKey("eu-tenants");
    KmsProvider provider = new KmsProvider();
    provider.setVault(vault);
    return provider;
  }

  private static KmsProvider aws(String region) {
    AwsKmsProvider aws = new AwsKmsProvider();
    aws.setRegion(region);
    aws.setKeyId("alias/enclave-eu");
    KmsProvider provider = new KmsProvider();
    provider.setAwsKms(aws);
    return provider;
  }

  @Test
  void a_vault_provider_over_https_is_accepted() {
    declare(vault("https://vault.eu.example.com:8200"));

    assertThat(platform.evaluate()).isEmpty();
  }

  @Test
  void a_vault_provider_over_plain_http_is_refused() {
    declare(vault("http://vault.eu.example.com:8200"));

    assertThat(platform.evaluate())
        .extracting(Violation::describe)
        .containsExactly(
            "Jurisdiction/eu: spec.keyManagement.provider.vault.address: Vault address"
                + " \"http://vault.eu.example.com:8200\" is not https; allowed: https:// URLs only");
  }

  @Test
  void two_providers_at_once_are_refused() {
    KmsProvider both = vault("https://vault.eu.example.com:8200");
    both.setLocal(new LocalKmsProvider());
    declare(both);

    assertThat(platform.evaluate())
        .extracting(Violation::describe)
        .containsExactly(
            "Jurisdiction/eu: spec.keyManagement.provider: exactly one of local, vault, awsKms is"
                + " allowed; found local, vault");
  }

  @Test
  void an_empty_provider_is_refused() {
    declare(new KmsProvider());

    assertThat(platform.evaluate())
        .extracting(Violation::describe)
        .containsExactly(
            "Jurisdiction/eu: spec.keyManagement.provider: exactly one of local, vault, awsKms is"
                + " allowed; found none");
  }

  @Test
  void an_aws_kms_key_in_the_region_of_the_backups_is_accepted_and_one_elsewhere_is_refused() {
    platform.eu.getSpec().getBackupTargets().get(0).getS3().setRegion("eu-central-1");
    declare(aws("eu-central-1"));
    assertThat(platform.evaluate()).isEmpty();

    declare(aws("us-east-1"));
    assertThat(platform.evaluate())
        .extracting(Violation::describe)
        .containsExactly(
            "Jurisdiction/eu: spec.keyManagement.provider.awsKms.region: AWS KMS region"
                + " \"us-east-1\" is not a region of the jurisdiction's backup targets; allowed:"
                + " eu-central-1");
  }

  @Test
  void an_aws_kms_key_without_a_region_is_refused() {
    declare(aws(" "));

    assertThat(platform.evaluate())
        .extracting(Violation::describe)
        .containsExactly(
            "Jurisdiction/eu: spec.keyManagement.provider.awsKms.region:"
                + " spec.keyManagement.provider.awsKms.region is required");
  }
}
