package dev.enclave.kms;

import java.net.URI;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.KmsClientBuilder;
import software.amazon.awssdk.services.kms.model.DecryptResponse;
import software.amazon.awssdk.services.kms.model.EncryptResponse;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeyState;

/**
 * KEKs in AWS KMS: one symmetric KMS key wraps data keys with {@code Encrypt} and unwraps them
 * with {@code Decrypt}, both under the encryption context {@code enclave.dev/key-name=<name>},
 * so a wrapped key taken to another tenant's plugin does not decrypt. The key id is {@code
 * aws-kms:<key ARN>}; AWS's automatic rotation keeps that ARN (older backing keys still decrypt),
 * so moving to a new KMS key is what changes the key id.
 */
public final class AwsKmsKeys implements KeyEncryptionKeys {
  static final String CONTEXT_KEY = "enclave.dev/key-name";

  private final KmsClient kms;
  private final String keyId;
  private final Map<String, String> context;

  private AwsKmsKeys(KmsClient kms, String keyId, String keyName) {
    this.kms = kms;
    this.keyId = keyId;
    this.context = Map.of(CONTEXT_KEY, keyName);
  }

  /**
   * A client of KMS in {@code region} (at {@code endpoint} if not null), for the key {@code keyId}
   * (id, ARN or alias), with credentials from {@code credentials}.
   */
  public static AwsKmsKeys connect(
      String region, String keyId, URI endpoint, String keyName, AwsCredentialsProvider credentials) {
    KmsClientBuilder builder =
        KmsClient.builder()
            .region(Region.of(region))
            .credentialsProvider(credentials)
            .httpClientBuilder(UrlConnectionHttpClient.builder());
    if (endpoint != null) {
      builder.endpointOverride(endpoint);
    }
    return new AwsKmsKeys(builder.build(), keyId, keyName);
  }

  @Override
  public String currentKeyId() {
    return "aws-kms:" + describe().arn();
  }

  @Override
  public Wrapped wrap(byte[] dataKey) {
    try {
      EncryptResponse response =
          kms.encrypt(
              r -> r.keyId(keyId).plaintext(SdkBytes.fromByteArray(dataKey)).encryptionContext(context));
      return new Wrapped("aws-kms:" + response.keyId(), response.ciphertextBlob().asByteArray());
    } catch (SdkException e) {
      throw new KeyBackendException("AWS KMS Encrypt with " + keyId + " failed: " + e.getMessage(), e);
    }
  }

  @Override
  public byte[] unwrap(String wrappedBy, byte[] wrapped) {
    if (!wrappedBy.startsWith("aws-kms:")) {
      throw new KeyBackendException("key " + wrappedBy + " is not an AWS KMS key (aws-kms:<ARN>)");
    }
    String arn = wrappedBy.substring("aws-kms:".length());
    try {
      DecryptResponse response =
          kms.decrypt(
              r -> r.keyId(arn).ciphertextBlob(SdkBytes.fromByteArray(wrapped)).encryptionContext(context));
      return response.plaintext().asByteArray();
    } catch (SdkException e) {
      throw new KeyBackendException("AWS KMS Decrypt with " + arn + " failed: " + e.getMessage(), e);
    }
  }

  @Override
  public String health() {
    try {
      KeyMetadata key = describe();
      return key.keyState() == KeyState.ENABLED
          ? "ok"
          : "AWS KMS key " + key.arn() + " is " + key.keyStateAsString() + ", not Enabled";
    } catch (KeyBackendException e) {
      return e.getMessage();
    }
  }

  private KeyMetadata describe() {
    try {
      return kms.describeKey(r -> r.keyId(keyId)).keyMetadata();
    } catch (SdkException e) {
      throw new KeyBackendException("AWS KMS DescribeKey of " + keyId + " failed: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    kms.close();
  }
}
