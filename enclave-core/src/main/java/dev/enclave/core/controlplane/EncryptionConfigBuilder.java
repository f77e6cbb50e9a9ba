package dev.enclave.core.controlplane;

import static dev.enclave.core.controlplane.ConfigMaps.list;
import static dev.enclave.core.controlplane.ConfigMaps.map;
import static java.util.Map.entry;

import io.fabric8.kubernetes.api.model.ConfigMap;
import java.util.Map;

/**
 * The encryption at rest configuration: Secrets and ConfigMaps are encrypted by the jurisdiction's
 * KMS v2 plugin, which runs as a sidecar on a pod-local socket; {@code identity} comes last so data
 * written before encryption stays readable. ConfigMaps are included because tenants put credentials
 * in them too, and KMS v2 caches its data keys, so the cost is small. The file names only a socket,
 * no key, so a ConfigMap is the right home for it.
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
    Map<String, Object> kms =
        map(
            entry("apiVersion", "v2"),
            entry("name", providerName(model)),
            entry("endpoint", model.kmsEndpoint()),
            entry("timeout", KMS_TIMEOUT));
    return map(
        entry("apiVersion", "apiserver.config.k8s.io/v1"),
        entry("kind", "EncryptionConfiguration"),
        entry(
            "resources",
            list(
                map(
                    entry("resources", list("secrets", "configmaps")),
                    entry(
                        "providers",
                        list(map(entry("kms", kms)), map(entry("identity", map()))))))));
  }

  /**
   * The KMS provider name; changing it makes existing data unreadable, so it is per jurisdiction.
   */
  public static String providerName(ControlPlaneModel model) {
    return "enclave-" + model.jurisdiction();
  }
}
