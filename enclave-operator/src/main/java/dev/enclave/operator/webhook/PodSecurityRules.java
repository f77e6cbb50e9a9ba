package dev.enclave.operator.webhook;

import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Volume;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What a tenant pod may not ask of its node: privileged or escalating containers, extra
 * capabilities, the node's network, process or IPC namespaces, host ports and host paths. Checks
 * regular, init and ephemeral containers alike, as in the Pod Security "restricted" level.
 */
final class PodSecurityRules {
  /** Capabilities the restricted level lets a container add. */
  static final Set<String> ALLOWED_CAPABILITIES = Set.of("NET_BIND_SERVICE");

  private PodSecurityRules() {}

  static void check(PodSpec spec, PodFindings findings) {
    hostNamespace("spec.hostNetwork", spec.getHostNetwork(), findings);
    hostNamespace("spec.hostPID", spec.getHostPID(), findings);
    hostNamespace("spec.hostIPC", spec.getHostIPC(), findings);
    hostPaths(spec, findings);
    for (PodContainers container : PodContainers.of(spec)) {
      securityContext(container, findings);
      hostPorts(container, findings);
    }
  }

  private static void hostNamespace(String path, Boolean value, PodFindings findings) {
    if (Boolean.TRUE.equals(value)) {
      findings.add(path, "sharing the node's namespaces is not allowed", "true", "false or unset");
    }
  }

  private static void hostPaths(PodSpec spec, PodFindings findings) {
    List<Volume> volumes = spec.getVolumes() == null ? List.of() : spec.getVolumes();
    for (int i = 0; i < volumes.size(); i++) {
      if (volumes.get(i).getHostPath() != null) {
        findings.add(
            "spec.volumes[" + i + "].hostPath",
            "hostPath volumes reach the node's file system",
            "path \"" + volumes.get(i).getHostPath().getPath() + "\"",
            "emptyDir, configMap, secret, projected or persistentVolumeClaim volumes");
      }
    }
  }

  private static void securityContext(PodContainers container, PodFindings findings) {
    SecurityContext context = container.securityContext();
    if (context == null) {
      return;
    }
    String path = container.path() + ".securityContext";
    if (Boolean.TRUE.equals(context.getPrivileged())) {
      findings.add(
          path + ".privileged", "privileged containers are not allowed", "true", "false or unset");
    }
    if (Boolean.TRUE.equals(context.getAllowPrivilegeEscalation())) {
      findings.add(
          path + ".allowPrivilegeEscalation",
          "privilege escalation is not allowed",
          "true",
          "false");
    }
    addedCapabilities(path + ".capabilities.add", context.getCapabilities(), findings);
  }

  private static void addedCapabilities(String path, Capabilities caps, PodFindings findings) {
    List<String> added = caps == null || caps.getAdd() == null ? List.of() : caps.getAdd();
    for (int i = 0; i < added.size(); i++) {
      if (!ALLOWED_CAPABILITIES.contains(normalized(added.get(i)))) {
        findings.add(
            path + "[" + i + "]",
            "adding this capability is not allowed",
            added.get(i),
            String.join(", ", ALLOWED_CAPABILITIES));
      }
    }
  }

  private static void hostPorts(PodContainers container, PodFindings findings) {
    List<ContainerPort> ports = container.ports();
    for (int i = 0; i < ports.size(); i++) {
      Integer hostPort = ports.get(i).getHostPort();
      if (hostPort != null && hostPort != 0) {
        findings.add(
            container.path() + ".ports[" + i + "].hostPort",
            "host ports expose the pod on the node's network",
            String.valueOf(hostPort),
            "unset or 0");
      }
    }
  }

  /** "cap_sys_admin" and "SYS_ADMIN" name the same capability for container runtimes. */
  private static String normalized(String capability) {
    String upper = capability == null ? "" : capability.trim().toUpperCase(Locale.ROOT);
    return upper.startsWith("CAP_") ? upper.substring(4) : upper;
  }
}
