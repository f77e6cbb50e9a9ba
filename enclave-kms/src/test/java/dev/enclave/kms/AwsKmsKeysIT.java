package dev.enclave.kms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.enclave.testbed.Components;
import dev.enclave.testbed.LocalKms;
import dev.enclave.testbed.Testbed;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;

/** The AWS KMS backend against local-kms, an AWS KMS API emulator on loopback. */
class AwsKmsKeysIT {
  private static final StaticCredentialsProvider CREDENTIALS =
      StaticCredentialsProvider.create(AwsBasicCredentials.create("testbed", "testbed-secret"));

  private static LocalKms localKms;
  private static KmsClient admin;
  private static String arn;

  @BeforeAll
  static void start() throws IOException {
    Path dir = Files.createDirectories(Testbed.directory().resolve("local-kms-" + ProcessHandle.current().pid()));
    localKms = LocalKms.start(Components.fromEnvironment(), dir);
    admin =
        KmsClient.builder()
            .region(Region.of(LocalKms.REGION))
            .credentialsProvider(CREDENTIALS)
            .endpointOverride(URI.create(localKms.endpoint()))
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .build();
    arn = admin.createKey(r -> r.description("enclave-kms test KEK")).keyMetadata().arn();
  }

  @AfterAll
  static void stop() {
    if (admin != null) {
      admin.close();
    }
    if (localKms != null) {
      localKms.close();
    }
  }

  private static AwsKmsKeys keys(String keyId, String keyName) {
    return AwsKmsKeys.connect(LocalKms.REGION, keyId, URI.create(localKms.endpoint()), keyName, CREDENTIALS);
  }

  @Test
  void whenADataKeyIsWrappedThenItUnwrapsUnderTheKeyArnAndTheEnvelopeOpens() {
    try (AwsKmsKeys keys = keys(arn, "acme")) {
      EnvelopeCipher cipher = new EnvelopeCipher(keys, new SecureRandom());
      byte[] secret = "DEK seed".getBytes(StandardCharsets.US_ASCII);

      EnvelopeCipher.Sealed sealed = cipher.seal(secret);

      assertThat(keys.health()).isEqualTo("ok");
      assertThat(keys.currentKeyId()).isEqualTo("aws-kms:" + arn);
      assertThat(sealed.keyId()).isEqualTo("aws-kms:" + arn);
      assertThat(sealed.ciphertext().length).isLessThan(1024);
      assertThat(cipher.open(sealed.ciphertext())).isEqualTo(secret);
    }
  }

  @Test
  void whenAnotherTenantsPluginTriesTheWrappedKeyThenTheEncryptionContextRefusesIt() {
    byte[] ciphertext;
    try (AwsKmsKeys acme = keys(arn, "acme")) {
      ciphertext = new EnvelopeCipher(acme, new SecureRandom()).seal(new byte[32]).ciphertext();
    }
    try (AwsKmsKeys other = keys(arn, "globex")) {
      EnvelopeCipher cipher = new EnvelopeCipher(other, new SecureRandom());

      assertThatThrownBy(() -> cipher.open(ciphertext))
          .isInstanceOf(KeyBackendException.class)
          .hasMessageContaining("AWS KMS Decrypt with " + arn + " failed");
    }
  }

  @Test
  void whenTheKeyIsDisabledThenHealthSaysSo() {
    String disabled = admin.createKey(r -> r.description("to be disabled")).keyMetadata().arn();
    admin.disableKey(r -> r.keyId(disabled));

    try (AwsKmsKeys keys = keys(disabled, "acme")) {
      assertThat(keys.health()).isEqualTo("AWS KMS key " + disabled + " is Disabled, not Enabled");
    }
  }

  @Test
  void whenTheKeyDoesNotExistThenHealthNamesIt() {
    try (AwsKmsKeys keys = keys("alias/no-such-key", "acme")) {
      assertThat(keys.health()).startsWith("AWS KMS DescribeKey of alias/no-such-key failed");
    }
  }
}
