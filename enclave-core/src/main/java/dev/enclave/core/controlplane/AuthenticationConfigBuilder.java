package dev.enclave.core.controlplane;

import static dev.enclave.core.controlplane.ConfigMaps.map;
import static java.util.Map.entry;

import io.fabric8.kubernetes.api.model.ConfigMap;
import java.util.List;
import java.util.Map;

/**
 * The structured authentication configuration: anonymous requests are refused everywhere except on
 * the health endpoints the kubelet probes (Kubernetes 1.32+, KEP-4633). This meets the intent of
 * CIS 1.2.1 without breaking the probes that {@code --anonymous-auth=false} would fail.
 */
public final class AuthenticationConfigBuilder {
  public static final String COMPONENT = "authentication";
  public static final List<String> ANONYMOUS_PATHS = List.of("/livez", "/readyz", "/healthz");

  private AuthenticationConfigBuilder() {}

  public static ConfigMap build(ControlPlaneModel model) {
    return ConfigMaps.file(
        model,
        HostNames.authenticationConfigMap(model.tenant()),
        COMPONENT,
        ControlPlaneVolume.CONFIG,
        configuration());
  }

  public static Map<String, Object> configuration() {
    return map(
        entry("apiVersion", "apiserver.config.k8s.io/v1beta1"),
        entry("kind", "AuthenticationConfiguration"),
        entry(
            "anonymous",
            map(
                entry("enabled", true),
                entry(
                    "conditions",
                    ANONYMOUS_PATHS.stream().map(p -> map(entry("path", p))).toList()))));
  }
}
