package dev.enclave.operator.backup;

import dev.enclave.api.v1alpha1.AwsKmsProvider;
import dev.enclave.api.v1alpha1.Jurisdiction;
import dev.enclave.api.v1alpha1.KmsProvider;
import dev.enclave.datastore.backup.BackupRefusedException;
import dev.enclave.kms.AwsKmsKeys;
import dev.enclave.kms.KeyEncryptionKeys;
import java.net.URI;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

/**
 * The jurisdiction's key that wraps each tenant's backup key where the Jurisdiction names a KMS
 * ({@code spec.keyManagement.provider}): {@code awsKms} in its region. Then the backup key Secret
 * holds the tenant's key only wrapped by the KMS, bound to the Secret's name (the encryption
 * context), so a copy of the Secret alone opens nothing; destroying the Secret still shreds the
 * tenant's backups, as the KMS key is the jurisdiction's and not the tenant's. Empty for {@code
 * local}: the tenant's key is kept as it is. {@code vault} is refused for backups so far.
 */
public interface BackupKeyWrapping {

  /** The KMS key that wraps the backup key named {@code keyName}, or empty for {@code local}. */
  Optional<KeyEncryptionKeys> open(Jurisdiction jurisdiction, String keyName, String who);

  /** Whether the jurisdiction keeps keys in local key files (no KMS named: the default). */
  static boolean localKms(Jurisdiction jurisdiction) {
    KmsProvider provider = provider(jurisdiction);
    return provider == null || (provider.getVault() == null && provider.getAwsKms() == null);
  }

  private static KmsProvider provider(Jurisdiction jurisdiction) {
    return jurisdiction.getSpec() == null || jurisdiction.getSpec().getKeyManagement() == null
        ? null
        : jurisdiction.getSpec().getKeyManagement().getProvider();
  }

  /** AWS KMS with the SDK's default credentials (environment, web identity, instance profile). */
  static BackupKeyWrapping defaults() {
    // The SDK's shared default provider resolves credentials only when KMS is first called.
    return withAwsCredentials(DefaultCredentialsProvider.create());
  }

  static BackupKeyWrapping withAwsCredentials(AwsCredentialsProvider credentials) {
    return (jurisdiction, keyName, who) -> {
      if (localKms(jurisdiction)) {
        return Optional.empty();
      }
      KmsProvider provider = provider(jurisdiction);
      String path = "Jurisdiction " + jurisdiction.getMetadata().getName() + ": spec.keyManagement.provider";
      if (provider.getVault() != null) {
        throw new BackupRefusedException(
            who + ": " + path + " is vault; backup keys support local and awsKms so far (the Vault"
                + " transit client is not proven against a real Vault or OpenBao)");
      }
      AwsKmsProvider aws = provider.getAwsKms();
      if (aws.getRegion() == null || aws.getKeyId() == null) {
        throw new BackupRefusedException(who + ": " + path + ".awsKms: region and keyId are required; found region "
            + (aws.getRegion() == null ? "unset" : "\"" + aws.getRegion() + "\"") + ", keyId "
            + (aws.getKeyId() == null ? "unset" : "\"" + aws.getKeyId() + "\""));
      }
      URI endpoint = aws.getEndpoint() == null ? null : URI.create(aws.getEndpoint());
      return Optional.of(AwsKmsKeys.connect(aws.getRegion(), aws.getKeyId(), endpoint, keyName, credentials));
    };
  }
}
