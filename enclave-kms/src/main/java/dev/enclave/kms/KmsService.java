package dev.enclave.kms;

import com.google.protobuf.ByteString;
import dev.enclave.kms.v2.DecryptRequest;
import dev.enclave.kms.v2.DecryptResponse;
import dev.enclave.kms.v2.EncryptRequest;
import dev.enclave.kms.v2.EncryptResponse;
import dev.enclave.kms.v2.KeyManagementServiceGrpc;
import dev.enclave.kms.v2.StatusRequest;
import dev.enclave.kms.v2.StatusResponse;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The KMS v2 service: Status reports the backend's health and current key id, Encrypt and Decrypt
 * seal and open {@link Envelope}s. Logs name the request uid and key id only, never plaintext,
 * keys or ciphertext.
 */
public final class KmsService extends KeyManagementServiceGrpc.KeyManagementServiceImplBase {
  private static final Logger LOG = LoggerFactory.getLogger(KmsService.class);

  private final KeyEncryptionKeys keys;
  private final EnvelopeCipher cipher;

  public KmsService(KeyEncryptionKeys keys, EnvelopeCipher cipher) {
    this.keys = keys;
    this.cipher = cipher;
  }

  /** The backend's health: "ok", or what failed (its message, never key material). */
  static String health(KeyEncryptionKeys keys) {
    try {
      return keys.health();
    } catch (RuntimeException e) {
      return message(e);
    }
  }

  private static String message(RuntimeException e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  @Override
  public void status(StatusRequest request, StreamObserver<StatusResponse> response) {
    String health = health(keys);
    String keyId = "";
    try {
      keyId = keys.currentKeyId();
    } catch (RuntimeException e) {
      health = "ok".equals(health) ? message(e) : health;
    }
    if (!"ok".equals(health)) {
      LOG.warn("status: unhealthy: {}", health);
    }
    // The API server refuses an empty key id even when unhealthy; "unknown" keeps the message visible.
    response.onNext(
        StatusResponse.newBuilder()
            .setVersion("v2")
            .setHealthz(health)
            .setKeyId(keyId.isEmpty() ? "unknown" : keyId)
            .build());
    response.onCompleted();
  }

  @Override
  public void encrypt(EncryptRequest request, StreamObserver<EncryptResponse> response) {
    try {
      EnvelopeCipher.Sealed sealed = cipher.seal(request.getPlaintext().toByteArray());
      LOG.debug("encrypt uid={} key={}", request.getUid(), sealed.keyId());
      response.onNext(
          EncryptResponse.newBuilder()
              .setCiphertext(ByteString.copyFrom(sealed.ciphertext()))
              .setKeyId(sealed.keyId())
              .build());
      response.onCompleted();
    } catch (RuntimeException e) {
      LOG.warn("encrypt uid={} failed: {}", request.getUid(), e.getMessage());
      response.onError(Status.INTERNAL.withDescription(e.getMessage()).asRuntimeException());
    }
  }

  @Override
  public void decrypt(DecryptRequest request, StreamObserver<DecryptResponse> response) {
    try {
      byte[] ciphertext = request.getCiphertext().toByteArray();
      String recorded = EnvelopeCipher.keyIdOf(ciphertext);
      if (!request.getKeyId().isEmpty() && !request.getKeyId().equals(recorded)) {
        throw new IllegalArgumentException(
            "request key id " + request.getKeyId() + " differs from the ciphertext's " + recorded);
      }
      byte[] plaintext = cipher.open(ciphertext);
      LOG.debug("decrypt uid={} key={}", request.getUid(), recorded);
      response.onNext(DecryptResponse.newBuilder().setPlaintext(ByteString.copyFrom(plaintext)).build());
      response.onCompleted();
    } catch (IllegalArgumentException e) {
      LOG.warn("decrypt uid={} refused: {}", request.getUid(), e.getMessage());
      response.onError(Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
    } catch (RuntimeException e) {
      LOG.warn("decrypt uid={} failed: {}", request.getUid(), e.getMessage());
      response.onError(Status.INTERNAL.withDescription(e.getMessage()).asRuntimeException());
    }
  }
}
