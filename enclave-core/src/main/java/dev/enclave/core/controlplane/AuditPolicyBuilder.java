package dev.enclave.core.controlplane;

import static dev.enclave.core.controlplane.ConfigMaps.list;
import static dev.enclave.core.controlplane.ConfigMaps.map;
import static java.util.Map.entry;

import io.fabric8.kubernetes.api.model.ConfigMap;
import java.util.Map;

/**
 * The audit policy ({@code audit.k8s.io/v1}): nothing for health probes, metadata only for objects
 * that hold secrets or tokens (their bodies must never reach a log), full request and response for
 * RBAC changes, metadata for everything else. The first matching rule wins.
 */
public final class AuditPolicyBuilder {
  public static final String COMPONENT = "audit";

  private AuditPolicyBuilder() {}

  public static ConfigMap build(ControlPlaneModel model) {
    return ConfigMaps.file(
        model,
        HostNames.auditPolicyConfigMap(model.tenant()),
        COMPONENT,
        ControlPlaneVolume.AUDIT_POLICY_FILE,
        policy());
  }

  public static Map<String, Object> policy() {
    return map(
        entry("apiVersion", "audit.k8s.io/v1"),
        entry("kind", "Policy"),
        entry("omitStages", list("RequestReceived")),
        entry(
            "rules",
            list(
                map(
                    entry("level", "None"),
                    entry("nonResourceURLs", list("/healthz*", "/livez*", "/readyz*"))),
                map(
                    entry("level", "Metadata"),
                    entry(
                        "resources",
                        list(
                            resources("", "secrets", "configmaps"),
                            resources("authentication.k8s.io", "tokenreviews")))),
                map(
                    entry("level", "RequestResponse"),
                    entry("verbs", list("create", "update", "patch", "delete", "deletecollection")),
                    entry("resources", list(map(entry("group", "rbac.authorization.k8s.io"))))),
                map(entry("level", "Metadata")))));
  }

  private static Map<String, Object> resources(String group, Object... resources) {
    return map(entry("group", group), entry("resources", list(resources)));
  }
}
