package dev.enclave.syncer.translate;

import io.fabric8.kubernetes.api.model.AppArmorProfile;
import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SELinuxOptions;
import io.fabric8.kubernetes.api.model.SeccompProfile;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Sysctl;
import io.fabric8.kubernetes.api.model.WindowsSecurityContextOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The Pod Security Standards (kubernetes.io/docs/concepts/security/pod-security-standards) at level
 * baseline or restricted; any other level is checked as restricted. Volume types are {@link
 * VolumePolicy}'s, which is stricter than both levels.
 */
final class PodSecurityCheck {
  static final String BASELINE = "baseline";

  private static final Set<String> BASELINE_CAPABILITIES =
      Set.of(
          "AUDIT_WRITE",
          "CHOWN",
          "DAC_OVERRIDE",
          "FOWNER",
          "FSETID",
          "KILL",
          "MKNOD",
          "NET_BIND_SERVICE",
          "SETFCAP",
          "SETGID",
          "SETPCAP",
          "SETUID",
          "SYS_CHROOT");
  private static final Set<String> RESTRICTED_CAPABILITIES = Set.of("NET_BIND_SERVICE");
  private static final Set<String> SAFE_SYSCTLS =
      Set.of(
          "kernel.shm_rmid_forced",
          "net.ipv4.ip_local_port_range",
          "net.ipv4.ip_unprivileged_port_start",
          "net.ipv4.tcp_syncookies",
          "net.ipv4.ping_group_range",
          "net.ipv4.ip_local_reserved_ports",
          "net.ipv4.tcp_keepalive_time",
          "net.ipv4.tcp_fin_timeout",
          "net.ipv4.tcp_keepalive_intvl",
          "net.ipv4.tcp_keepalive_probes");
  private static final Set<String> SELINUX_TYPES =
      Set.of("", "container_t", "container_init_t", "container_kvm_t", "container_engine_t");
  private static final Set<String> CONFINED_PROFILES = Set.of("RuntimeDefault", "Localhost");
  private static final String APPARMOR_ANNOTATION =
      "container.apparmor.security.beta.kubernetes.io/";
  private static final String FALSE_OR_UNSET = "false or unset";

  private PodSecurityCheck() {}

  static List<Refusal> check(Pod pod, String level) {
    boolean restricted = !BASELINE.equals(level);
    PodSpec spec = pod.getSpec();
    List<Refusal> refusals = new ArrayList<>();
    hostNamespaces(spec, refusals);
    PodSecurityContext podContext = spec.getSecurityContext();
    if (podContext != null) {
      podLevel(podContext, restricted, refusals);
    }
    appArmorAnnotations(pod, refusals);
    for (ContainerAt at : ContainerAt.of(spec)) {
      container(at, podContext, restricted, refusals);
    }
    return refusals;
  }

  private static void hostNamespaces(PodSpec spec, List<Refusal> refusals) {
    flag(refusals, "spec.hostNetwork", spec.getHostNetwork());
    flag(refusals, "spec.hostPID", spec.getHostPID());
    flag(refusals, "spec.hostIPC", spec.getHostIPC());
  }

  private static void podLevel(
      PodSecurityContext context, boolean restricted, List<Refusal> refusals) {
    String base = "spec.securityContext";
    hostProcess(context.getWindowsOptions(), base, refusals);
    seLinux(context.getSeLinuxOptions(), base, refusals);
    seccompNotUnconfined(context.getSeccompProfile(), base, refusals);
    appArmor(context.getAppArmorProfile(), base, refusals);
    List<Sysctl> sysctls = context.getSysctls();
    for (int i = 0; sysctls != null && i < sysctls.size(); i++) {
      String name = sysctls.get(i) == null ? null : sysctls.get(i).getName();
      if (!in(SAFE_SYSCTLS, name)) {
        Refusals.add(
            refusals,
            base + ".sysctls[" + i + "].name",
            name,
            "the safe set " + new TreeSet<>(SAFE_SYSCTLS));
      }
    }
    if (restricted) {
      if (Boolean.FALSE.equals(context.getRunAsNonRoot())) {
        Refusals.add(refusals, base + ".runAsNonRoot", false, "true");
      }
      rootUser(context.getRunAsUser(), base, refusals);
    }
  }

  private static void container(
      ContainerAt at, PodSecurityContext podContext, boolean restricted, List<Refusal> refusals) {
    Container container = at.container();
    SecurityContext context = container.getSecurityContext();
    String base = at.path() + ".securityContext";
    List<ContainerPort> ports = container.getPorts();
    for (int i = 0; ports != null && i < ports.size(); i++) {
      Integer hostPort = ports.get(i) == null ? null : ports.get(i).getHostPort();
      if (hostPort != null && hostPort != 0) {
        Refusals.add(refusals, at.path() + ".ports[" + i + "].hostPort", hostPort, "0 or unset");
      }
    }
    ProbeHosts.check(container, at.path(), refusals);
    if (context != null) {
      flag(refusals, base + ".privileged", context.getPrivileged());
      hostProcess(context.getWindowsOptions(), base, refusals);
      seLinux(context.getSeLinuxOptions(), base, refusals);
      seccompNotUnconfined(context.getSeccompProfile(), base, refusals);
      appArmor(context.getAppArmorProfile(), base, refusals);
      String procMount = context.getProcMount();
      if (procMount != null && !"Default".equals(procMount)) {
        Refusals.add(refusals, base + ".procMount", procMount, "Default or unset");
      }
      capabilities(context.getCapabilities(), base + ".capabilities", restricted, refusals);
    } else if (restricted) {
      capabilities(null, base + ".capabilities", true, refusals);
    }
    if (restricted) {
      restrictedContainer(context, podContext, base, refusals);
    }
  }

  private static void restrictedContainer(
      SecurityContext context, PodSecurityContext podContext, String base, List<Refusal> refusals) {
    Boolean escalation = context == null ? null : context.getAllowPrivilegeEscalation();
    if (!Boolean.FALSE.equals(escalation)) {
      Refusals.add(refusals, base + ".allowPrivilegeEscalation", unset(escalation), "false");
    }
    Boolean nonRoot = context == null ? null : context.getRunAsNonRoot();
    boolean podNonRoot = podContext != null && Boolean.TRUE.equals(podContext.getRunAsNonRoot());
    if (Boolean.FALSE.equals(nonRoot) || (nonRoot == null && !podNonRoot)) {
      Refusals.add(
          refusals,
          base + ".runAsNonRoot",
          unset(nonRoot),
          "true (here or in spec.securityContext)");
    }
    rootUser(context == null ? null : context.getRunAsUser(), base, refusals);
    SeccompProfile seccomp = context == null ? null : context.getSeccompProfile();
    SeccompProfile podSeccomp = podContext == null ? null : podContext.getSeccompProfile();
    if (type(seccomp) == null && !in(CONFINED_PROFILES, type(podSeccomp))) {
      Refusals.add(
          refusals,
          base + ".seccompProfile.type",
          "unset",
          "RuntimeDefault or Localhost (here or in spec.securityContext)");
    }
  }

  private static void capabilities(
      Capabilities capabilities, String base, boolean restricted, List<Refusal> refusals) {
    Set<String> allowed = restricted ? RESTRICTED_CAPABILITIES : BASELINE_CAPABILITIES;
    List<String> add = capabilities == null ? null : capabilities.getAdd();
    for (int i = 0; add != null && i < add.size(); i++) {
      if (!in(allowed, add.get(i))) {
        Refusals.add(
            refusals, base + ".add[" + i + "]", add.get(i), "one of " + new TreeSet<>(allowed));
      }
    }
    List<String> drop = capabilities == null ? null : capabilities.getDrop();
    if (restricted && (drop == null || !drop.contains("ALL"))) {
      Refusals.add(
          refusals, base + ".drop", drop == null ? "unset" : drop, "a list containing ALL");
    }
  }

  private static void hostProcess(
      WindowsSecurityContextOptions windows, String base, List<Refusal> refusals) {
    if (windows != null) {
      flag(refusals, base + ".windowsOptions.hostProcess", windows.getHostProcess());
    }
  }

  private static void seLinux(SELinuxOptions options, String base, List<Refusal> refusals) {
    if (options == null) {
      return;
    }
    String type = options.getType() == null ? "" : options.getType();
    if (!SELINUX_TYPES.contains(type)) {
      Refusals.add(
          refusals,
          base + ".seLinuxOptions.type",
          type,
          "unset or one of container_t, container_init_t, container_kvm_t, container_engine_t");
    }
    if (options.getUser() != null && !options.getUser().isEmpty()) {
      Refusals.add(refusals, base + ".seLinuxOptions.user", options.getUser(), "unset");
    }
    if (options.getRole() != null && !options.getRole().isEmpty()) {
      Refusals.add(refusals, base + ".seLinuxOptions.role", options.getRole(), "unset");
    }
  }

  private static void seccompNotUnconfined(
      SeccompProfile profile, String base, List<Refusal> refusals) {
    String type = type(profile);
    if (type != null && !CONFINED_PROFILES.contains(type)) {
      Refusals.add(
          refusals, base + ".seccompProfile.type", type, "RuntimeDefault, Localhost or unset");
    }
  }

  private static void appArmor(AppArmorProfile profile, String base, List<Refusal> refusals) {
    String type = profile == null ? null : profile.getType();
    if (type != null && !CONFINED_PROFILES.contains(type)) {
      Refusals.add(
          refusals, base + ".appArmorProfile.type", type, "RuntimeDefault, Localhost or unset");
    }
  }

  private static void appArmorAnnotations(Pod pod, List<Refusal> refusals) {
    Map<String, String> annotations =
        pod.getMetadata() == null ? null : pod.getMetadata().getAnnotations();
    if (annotations == null) {
      return;
    }
    new TreeMap<>(annotations)
        .forEach(
            (key, value) -> {
              if (key.startsWith(APPARMOR_ANNOTATION)
                  && !"runtime/default".equals(value)
                  && (value == null || !value.startsWith("localhost/"))) {
                Refusals.add(
                    refusals,
                    "metadata.annotations[\"" + key + "\"]",
                    value,
                    "runtime/default, localhost/* or unset");
              }
            });
  }

  private static void rootUser(Long user, String base, List<Refusal> refusals) {
    if (user != null && user == 0L) {
      Refusals.add(refusals, base + ".runAsUser", 0, "a non-zero user or unset");
    }
  }

  /** Null-safe membership: {@code Set.of} throws on {@code contains(null)}. */
  private static boolean in(Set<String> set, String value) {
    return value != null && set.contains(value);
  }

  private static String type(SeccompProfile profile) {
    return profile == null ? null : profile.getType();
  }

  private static void flag(List<Refusal> refusals, String field, Boolean value) {
    if (Boolean.TRUE.equals(value)) {
      Refusals.add(refusals, field, true, FALSE_OR_UNSET);
    }
  }

  private static Object unset(Boolean value) {
    return value == null ? "unset" : value;
  }
}
