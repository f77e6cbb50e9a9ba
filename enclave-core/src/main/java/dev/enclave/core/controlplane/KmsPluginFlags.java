package dev.enclave.core.controlplane;

import dev.enclave.api.v1alpha1.AwsKmsProvider;
import dev.enclave.api.v1alpha1.KmsProvider;
import dev.enclave.api.v1alpha1.VaultKmsProvider;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The KMS plugin sidecar's flags and Secret mount for the jurisdiction's key provider: local reads
 * the operator-generated {@code <tenant>-kms-key}, vault a token Secret, aws-kms nothing (its
 * credentials come from the pod's identity, as the AWS SDK's default chain finds them).
 */
public final class KmsPluginFlags {
  /** A Secret the plugin reads: which volume, which Secret, which key. */
  public record SecretVolume(ControlPlaneVolume volume, String secretName, String key) {
    public String file() {
      return volume.file(key);
    }
  }

  /**
   * The plugin's probe port: {@code /healthz} once the socket serves, {@code /readyz} while the
   * key backend is healthy. The kubelet cannot probe a unix socket.
   */
  public static final int HEALTH_PORT = 8083;

  private KmsPluginFlags() {}

  public static Flags of(ControlPlaneModel model) {
    KmsProvider provider = model.kmsProvider();
    Flags flags =
        new Flags()
            .set("listen", model.kmsEndpoint())
            .set("key-name", EncryptionConfigBuilder.providerName(model))
            .set("health-listen", "0.0.0.0:" + HEALTH_PORT);
    if (provider.getVault() != null) {
      VaultKmsProvider vault = provider.getVault();
      flags.set("backend", "vault").set("vault-address", vault.getAddress());
      flags.set("vault-transit-key", vault.getTransitKey());
      if (vault.getTransitMount() != null) {
        flags.set("vault-transit-mount", vault.getTransitMount());
      }
      flags.set("vault-token-file", secretVolume(model).orElseThrow().file());
    } else if (provider.getAwsKms() != null) {
      AwsKmsProvider aws = provider.getAwsKms();
      flags.set("backend", "aws-kms").set("aws-region", aws.getRegion()).set("aws-key-id", aws.getKeyId());
      if (aws.getEndpoint() != null) {
        flags.set("aws-endpoint", aws.getEndpoint());
      }
    } else {
      flags.set("backend", "local").set("key-file", secretVolume(model).orElseThrow().file());
    }
    return flags;
  }

  /** The Secret the plugin reads, if its provider needs one. */
  public static Optional<SecretVolume> secretVolume(ControlPlaneModel model) {
    KmsProvider provider = model.kmsProvider();
    if (provider.getVault() != null) {
      VaultKmsProvider vault = provider.getVault();
      String name =
          vault.getTokenSecretRef() != null && vault.getTokenSecretRef().getName() != null
              ? vault.getTokenSecretRef().getName()
              : HostNames.kmsVaultTokenSecret(model.tenant());
      return Optional.of(
          new SecretVolume(ControlPlaneVolume.KMS_VAULT_TOKEN, name, ControlPlaneVolume.VAULT_TOKEN));
    }
    if (provider.getAwsKms() != null) {
      return Optional.empty();
    }
    return Optional.of(
        new SecretVolume(
            ControlPlaneVolume.KMS_KEY,
            HostNames.kmsKeySecret(model.tenant()),
            ControlPlaneVolume.KMS_KEYS));
  }

  /** The socket directory, and the provider's Secret read-only. */
  public static List<VolumeMount> mounts(ControlPlaneModel model) {
    List<VolumeMount> mounts = new ArrayList<>();
    mounts.add(ControlPlaneVolumes.kmsSocketMount(model));
    secretVolume(model).ifPresent(v -> mounts.add(v.volume().mount()));
    return mounts;
  }
}
