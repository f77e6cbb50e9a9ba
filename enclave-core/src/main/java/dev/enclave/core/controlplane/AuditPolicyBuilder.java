package dev.enclave.core.controlplane;

import static dev.enclave.core.controlplane.ConfigMaps.list;
import static dev.enclave.core.controlplane.ConfigMaps.map;

import io.fabric8.kubernetes.api.model.ConfigMap;
import java.util.Map;

/**
 * The audit policy ({@code audit.k8s.io/v1}): nothing for health probes, metadata only for
 * objects that hold secrets or tokens (their bodies must never reach a log), full request and
 * response for RBAC changes, metadata for everything else. The first matching rule wins.
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
        "apiVersion", "audit.k8s.io/v1",
        "kind", "Policy",
        "omitStages", list("RequestReceived"),
        "rules",
            list(
                map(
                    "level", "None",
                    "nonResourceURLs", list("/healthz*", "/livez*", "/readyz*")),
                map(
                    "level", "Metadata",
                    "resources",
                        list(
                            map("group", "", "resources", list("secrets", "configmaps")),
                            map("group", "authentication.k8s.io", "resources", list("tokenreviews")))),
                map(
                    "level", "RequestResponse",
                    "verbs", list("create", "update", "patch", "delete", "deletecollection"),
                    "resources", list(map("group", "rbac.authorization.k8s.io"))),
                map("level", "Metadata")));
  }
}
