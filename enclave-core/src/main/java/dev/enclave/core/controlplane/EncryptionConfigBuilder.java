package dev.enclave.core.controlplane;

import static dev.enclave.core.controlplane.ConfigMaps.list;
import static dev.enclave.core.controlplane.ConfigMaps.map;

import io.fabric8.kubernetes.api.model.ConfigMap;
import java.util.Map;

/**
 * The encryption at rest configuration: Secrets and ConfigMaps are encrypted by the jurisdiction's
 * KMS v2 plugin, which runs as a sidecar on a pod-local socket; {@code identity} comes last so data
 * written before encryption stays readable. ConfigMaps are included because tenants put
 * credentials in them too, and KMS v2 caches its data keys, so the cost is small. The file names
 * only a socket, no key, so a ConfigMap is the right home for it.
 */
public final class EncryptionConfigBuilder {
  public static final String COMPONENT = "encryption";
  public static final String KMS_TIMEOUT = "3s";

  private EncryptionConfigBuilder() {}

  public static ConfigMap build(ControlPlaneModel model) {
    return ConfigMaps.file(
        model,
        HostNames.encryptionConfigMap(model.tenant()),
        COMPONENT,
        ControlPlaneVolume.CONFIG,
        configuration(model));
  }

  public static Map<String, Object> configuration(ControlPlaneModel model) {
    return map(
        "apiVersion", "apiserver.config.k8s.io/v1",
        "kind", "EncryptionConfiguration",
        "resources",
            list(
                map(
                    "resources", list("secrets", "configmaps"),
                    "providers",
                        list(
                            map(
                                "kms",
                                map(
                                    "apiVersion", "v2",
                                    "name", providerName(model),
                                    "endpoint", model.kmsEndpoint(),
                                    "timeout", KMS_TIMEOUT)),
                            map("identity", map())))));
  }

  /** The KMS provider name; changing it makes existing data unreadable, so it is per jurisdiction. */
  public static String providerName(ControlPlaneModel model) {
    return "enclave-" + model.jurisdiction();
  }
}
