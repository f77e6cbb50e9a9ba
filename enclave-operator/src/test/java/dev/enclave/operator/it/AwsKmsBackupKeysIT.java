package dev.enclave.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.enclave.api.v1alpha1.Jurisdiction;
import dev.enclave.datastore.backup.BackupManifest;
import dev.enclave.datastore.backup.BackupRefusedException;
import dev.enclave.datastore.backup.BackupRestorer;
import dev.enclave.datastore.backup.BackupSource;
import dev.enclave.datastore.backup.BackupWriter;
import dev.enclave.datastore.backup.FilesystemBackupTarget;
import dev.enclave.datastore.backup.SourceKind;
import dev.enclave.datastore.backup.TenantIdentity;
import dev.enclave.datastore.backup.VerifiedBackup;
import dev.enclave.kms.KeyBackendException;
import dev.enclave.kms.KeyEncryptionKeys;
import dev.enclave.operator.backup.BackupKeyWrapping;
import dev.enclave.operator.backup.BackupKeys;
import dev.enclave.testbed.Components;
import dev.enclave.testbed.Directories;
import dev.enclave.testbed.Etcd;
import dev.enclave.testbed.KubeApiServer;
import dev.enclave.testbed.LocalKms;
import dev.enclave.testbed.Testbed;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * A jurisdiction whose keys live in AWS KMS (local-kms, the AWS KMS API emulator on loopback):
 * each tenant's backup key is kept in its Secret on a real kube-apiserver only wrapped by the KMS
 * key and bound to the Secret's name, opens backups written with it, is refused elsewhere, and is
 * shredded like a local one.
 */
class AwsKmsBackupKeysIT {
  private static final StaticCredentialsProvider CREDENTIALS =
      StaticCredentialsProvider.create(AwsBasicCredentials.create("testbed", "testbed-secret"));
  private static final TenantIdentity ACME =
      new TenantIdentity("0a0a0a0a-1111-2222-3333-444444444444", "tenants-eu", "acme", "eu", "1.37.2");
  private static final byte[] STATE = "the tenant's state, 64 KiB segments and all".getBytes(StandardCharsets.UTF_8);

  private static Path dir;
  private static Etcd etcd;
  private static KubeApiServer api;
  private static KubernetesClient client;
  private static LocalKms localKms;
  private static Jurisdiction eu;

  @BeforeAll
  static void start() throws IOException {
    Components components = Components.fromEnvironment();
    dir = Testbed.directory().resolve("aws-kms-backup-keys");
    Directories.recreate(dir);
    etcd = Etcd.start(components, dir.resolve("etcd"));
    api = KubeApiServer.start(components, components.newestKubernetes(), "host", dir.resolve("api"), etcd, "/registry", Map.of());
    client = api.adminClient();
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("enclave-system").endMetadata().build()).create();
    localKms = LocalKms.start(components, dir.resolve("local-kms"));
    String arn;
    try (KmsClient admin = KmsClient.builder().region(Region.of(LocalKms.REGION)).credentialsProvider(CREDENTIALS)
        .endpointOverride(URI.create(localKms.endpoint())).httpClientBuilder(UrlConnectionHttpClient.builder()).build()) {
      arn = admin.createKey(r -> r.description("eu backup keys")).keyMetadata().arn();
    }
    eu = jurisdiction("awsKms: {region: " + LocalKms.REGION + ", keyId: \"" + arn + "\", endpoint: \"" + localKms.endpoint() + "\"}");
  }

  @AfterAll
  static void stop() {
    for (AutoCloseable c : new AutoCloseable[] {client, api, etcd, localKms}) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception e) {
        // closing the others anyway
      }
    }
  }

  @Test
  void theBackupKeyIsKeptOnlyWrappedByTheJurisdictionsKms_andOpensTheBackupsWrittenWithIt() throws IOException {
    Path target = Files.createDirectories(dir.resolve("backups"));
    BackupManifest written;
    try (KeyEncryptionKeys kek = keys().forBackup(ACME, eu, "eu-files")) {
      written = new BackupWriter(kek, Clock.systemUTC(), new SecureRandom())
          .write(ACME, source(), new FilesystemBackupTarget(target));
    }

    Secret secret = client.secrets().inNamespace("enclave-system").withName(BackupKeys.secretName(ACME.uid())).get();
    assertThat(secret.getData()).containsOnlyKeys(BackupKeys.WRAPPED_KEY);
    assertThat(secret.getMetadata().getAnnotations().get(BackupKeys.WRAPPED_BY)).startsWith("aws-kms:arn:aws:kms:");
    assertThat(secret.getMetadata().getAnnotations().get(BackupKeys.KEY_ID)).startsWith("local:");
    assertThat(written.keyId()).isEqualTo(secret.getMetadata().getAnnotations().get(BackupKeys.KEY_ID));
    // A fresh reader (another operator process) unwraps it through the KMS and opens the backup.
    try (KeyEncryptionKeys kek = keys().forReading(ACME, eu);
        VerifiedBackup verified = new BackupRestorer(kek, Files.createDirectories(dir.resolve("work")))
            .verify(new FilesystemBackupTarget(target), ACME, written.backupId())) {
      assertThat(Files.readAllBytes(verified.plaintext())).isEqualTo(STATE);
    }
  }

  @Test
  void aCopyOfTheWrappedKeyUnderAnotherTenantsNameDoesNotUnwrap_andAJurisdictionWithoutTheKmsIsRefused() {
    TenantIdentity other = new TenantIdentity("0b0b0b0b-1111-2222-3333-444444444444", "tenants-eu", "other", "eu", "1.37.2");
    keys().forBackup(ACME, eu, "eu-files").close();
    Secret original = client.secrets().inNamespace("enclave-system").withName(BackupKeys.secretName(ACME.uid())).get();
    client.secrets().inNamespace("enclave-system").resource(new SecretBuilder()
        .withNewMetadata().withName(BackupKeys.secretName(other.uid())).withNamespace("enclave-system")
        .withLabels(original.getMetadata().getLabels()).withAnnotations(original.getMetadata().getAnnotations())
        .endMetadata().withData(original.getData()).build()).create();

    // The encryption context binds the wrapped key to the Secret's name.
    assertThatThrownBy(() -> keys().forReading(other, eu))
        .isInstanceOf(KeyBackendException.class)
        .hasMessageStartingWith("AWS KMS Decrypt with arn:aws:kms:");
    assertThatThrownBy(() -> keys().forReading(ACME, jurisdiction("local: {}")))
        .isInstanceOf(BackupRefusedException.class)
        .hasMessage("TenantCluster tenants-eu/acme (uid " + ACME.uid() + "): Secret enclave-system/backup-key-"
            + ACME.uid() + " is wrapped by " + original.getMetadata().getAnnotations().get(BackupKeys.WRAPPED_BY)
            + ", but Jurisdiction eu names no KMS in spec.keyManagement.provider to unwrap it");
    assertThatThrownBy(() -> keys().forBackup(other, jurisdiction(
            "vault: {address: \"https://vault.eu.example.com\", transitKey: eu-backups}"), "eu-files"))
        .isInstanceOf(BackupRefusedException.class)
        .hasMessageContaining("spec.keyManagement.provider is vault; backup keys support local and awsKms so far");
  }

  @Test
  void aShreddedWrappedKeyLeavesItsBackupsUnreadable() {
    TenantIdentity gone = new TenantIdentity("0c0c0c0c-1111-2222-3333-444444444444", "tenants-eu", "gone", "eu", "1.37.2");
    keys().forBackup(gone, eu, "eu-files").close();

    assertThat(keys().shred(gone.uid(), Instant.parse("2026-01-01T00:00:00Z"))).isTrue();

    Secret tombstone = client.secrets().inNamespace("enclave-system").withName(BackupKeys.secretName(gone.uid())).get();
    assertThat(tombstone.getData()).isNullOrEmpty();
    assertThatThrownBy(() -> keys().forReading(gone, eu))
        .isInstanceOf(BackupRefusedException.class)
        .hasMessageContaining("was destroyed at 2026-01-01T00:00:00Z (crypto-shredding); its backups are unreadable");
  }

  private static BackupKeys keys() {
    return new BackupKeys(client, "enclave-system", new SecureRandom(), BackupKeyWrapping.withAwsCredentials(CREDENTIALS));
  }

  private static BackupSource source() {
    return new BackupSource() {
      @Override
      public SourceKind kind() {
        return SourceKind.ETCD_PREFIX;
      }

      @Override
      public void writeTo(OutputStream out) throws IOException {
        out.write(STATE);
      }
    };
  }

  private static Jurisdiction jurisdiction(String provider) {
    return Serialization.unmarshal("""
        apiVersion: enclave.dev/v1alpha1
        kind: Jurisdiction
        metadata: {name: eu}
        spec:
          keyManagement:
            provider: {%s}
        """.formatted(provider), Jurisdiction.class);
  }
}
