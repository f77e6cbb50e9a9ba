package dev.enclave.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** One hostile change to a tenant pod's JSON tree, as {@link FuzzPods} applies them. */
final class FuzzHostility {
  private static final List<String> IMAGES =
      List.of(
          "nginx", "registry.eu.example.com.evil.io/x:1", "registry.eu.example.com:5000/x", "evil.io/registry.eu.example.com/x",
          "", "registry.eu.example.com/../etc", "registry.eu.example.com/x:1 ; rm -rf /", "REGISTRY.EU.EXAMPLE.COM/x",
          "registry.eu.example.com/\u202Ex", "registry.eu.example.com@sha256:zz", "registry.eu.example.com/" + "a".repeat(5000),
          "registry.eu.example.com", "registry.eu.example.com/", "//registry.eu.example.com/x", "registry.eu.example.com/x@", "\u0000");
  private static final List<String> STRINGS =
      List.of("", " ", "a".repeat(300), "\u202Eweb", "we\u0000b", "w\u200Beb", "\uD83D\uDE00", "../..", "UPPER", "a/b", "a:b", "x\ny", "${jndi:x}");

  private final SplittableRandom random;

  FuzzHostility(SplittableRandom random) {
    this.random = random;
  }

  /** Applies one change to {@code pod}; returns its name. */
  String apply(Map<String, Object> pod) {
    Map<String, Object> meta = map(pod, "metadata");
    Map<String, Object> spec = map(pod, "spec");
    Map<String, Object> c0 = firstContainer(spec);
    int choice = random.nextInt(36);
    switch (choice) {
      case 0 -> list(spec, "volumes").add(FuzzDocuments.map("name", "host", "hostPath", FuzzDocuments.map("path", pick(List.of("/", "/var/run/docker.sock", "/etc", "")))));
      case 1 -> map(c0, "securityContext").put("privileged", true);
      case 2 -> spec.put(pick(List.of("hostNetwork", "hostPID", "hostIPC")), true);
      case 3 -> spec.put("nodeName", pick(List.of("uk-node-1", "", "eu-node-1", "a".repeat(300))));
      case 4 -> map(spec, "nodeSelector").put(pick(List.of("enclave.dev/jurisdiction", "kubernetes.io/hostname", "", "x")), pick(List.of("uk", "", "eu", "eu,uk")));
      case 5 -> spec.put("affinity", affinity());
      case 6 -> list(spec, "tolerations").add(toleration());
      case 7 -> meta.put("name", pick(STRINGS));
      case 8 -> meta.put("namespace", pick(STRINGS));
      case 9 -> {
        Map<String, Object> labels = map(meta, "labels");
        for (int i = 0; i < 1 + random.nextInt(2000); i++) {
          labels.put(pick(STRINGS) + i, pick(STRINGS));
        }
        labels.put("enclave.dev/" + pick(List.of("tenant", "jurisdiction", "managed-by")), "uk");
      }
      case 10 -> map(meta, "annotations").put(pick(List.of("a", "enclave.dev/host-name", "kubectl.kubernetes.io/last-applied-configuration")), "x".repeat(random.nextInt(1 << 20)));
      case 11 -> c0.put("image", pick(IMAGES));
      case 12 -> list(spec, "containers").add(null);
      case 13 -> list(spec, "volumes").add(null);
      case 14 -> list(c0, "env").add(null);
      case 15 -> {
        List<Object> env = list(c0, "env");
        for (int i = 0; i < 10_000; i++) {
          env.add(FuzzDocuments.map("name", "V" + i, "value", pick(STRINGS)));
        }
      }
      case 16 -> list(spec, "volumes").add(projectedToken());
      case 17 -> list(spec, "ephemeralContainers").add(FuzzDocuments.map("name", "debug", "image", pick(IMAGES), "securityContext", FuzzDocuments.map("privileged", true)));
      case 18 -> map(map(c0, "securityContext"), "capabilities").put("add", new ArrayList<>(List.of(pick(List.of("SYS_ADMIN", "NET_RAW", "ALL", "", "CAP_SYS_PTRACE")))));
      case 19 -> map(spec, "securityContext").put("runAsUser", pick(List.of(0, -1, Long.MAX_VALUE)));
      case 20 -> spec.put(pick(List.of("schedulerName", "priorityClassName", "serviceAccountName", "serviceAccount", "runtimeClassName", "hostname", "subdomain")), pick(STRINGS));
      case 21 -> {
        spec.put("dnsPolicy", pick(List.of("Default", "ClusterFirstWithHostNet", "None", "")));
        spec.put("dnsConfig", FuzzDocuments.map("nameservers", new ArrayList<>(List.of("8.8.8.8", "169.254.169.254"))));
      }
      case 22 -> list(spec, "hostAliases").add(FuzzDocuments.map("ip", "10.96.0.1", "hostnames", new ArrayList<>(List.of("kubernetes.default.svc"))));
      case 23 -> list(c0, "ports").add(FuzzDocuments.map("containerPort", pick(List.of(80, 0, -1, 70000)), "hostPort", pick(List.of(80, 0, 10250))));
      case 24 -> list(spec, "volumes").add(volume());
      case 25 -> list(c0, "volumeMounts").add(FuzzDocuments.map("name", pick(List.of("data", "missing", "")), "mountPath", pick(List.of("/", "/data", "")), pick(List.of("subPath", "subPathExpr")), pick(List.of("../../etc", "$(HOME)/..", "/abs", ""))));
      case 26 -> list(spec, "initContainers").add(FuzzDocuments.map("name", "init", "image", pick(IMAGES), "securityContext", FuzzDocuments.map("privileged", random.nextBoolean())));
      case 27 -> spec.put("hostUsers", false);
      case 28 -> list(map(spec, "securityContext"), "sysctls").add(FuzzDocuments.map("name", pick(List.of("kernel.shm_rmid_forced", "net.ipv4.ip_forward", "kernel.core_pattern")), "value", "1"));
      case 29 -> map(map(c0, "securityContext"), "seccompProfile").put("type", pick(List.of("Unconfined", "Localhost", "")));
      case 30 -> pod.remove("spec");
      case 31 -> spec.put("containers", new ArrayList<>());
      case 32 -> spec.put(pick(List.of("securityContext", "affinity", "tolerations", "nodeSelector", "volumes", "containers")), null);
      case 33 -> c0.put(pick(List.of("securityContext", "image", "name", "env", "resources")), null);
      case 34 -> list(spec, "resourceClaims").add(FuzzDocuments.map("name", "gpu"));
      default -> list(spec, "topologySpreadConstraints").add(FuzzDocuments.map("maxSkew", -1, "topologyKey", "", "whenUnsatisfiable", "x"));
    }
    return "hostile-" + choice;
  }

  private Map<String, Object> affinity() {
    List<Object> terms = new ArrayList<>();
    int count = random.nextInt(4);
    for (int i = 0; i < count; i++) {
      Object expressions =
          random.nextInt(5) == 0
              ? null
              : new ArrayList<>(
                  List.of(
                      FuzzDocuments.map(
                          "key", pick(List.of("enclave.dev/jurisdiction", "kubernetes.io/hostname", "")),
                          "operator", pick(List.of("In", "NotIn", "Exists", "DoesNotExist", "Gt", "")),
                          "values", new ArrayList<>(List.of(pick(List.of("uk", "eu", "")))))));
      Map<String, Object> term = new LinkedHashMap<>();
      term.put("matchExpressions", expressions);
      if (random.nextBoolean()) {
        term.put("matchFields", new ArrayList<>(List.of(FuzzDocuments.map("key", "metadata.name", "operator", "In", "values", new ArrayList<>(List.of("uk-node-1"))))));
      }
      terms.add(random.nextInt(6) == 0 ? null : term);
    }
    Map<String, Object> required = new LinkedHashMap<>();
    required.put("nodeSelectorTerms", terms);
    Map<String, Object> nodeAffinity = FuzzDocuments.map("requiredDuringSchedulingIgnoredDuringExecution", required);
    if (random.nextBoolean()) {
      nodeAffinity.put("preferredDuringSchedulingIgnoredDuringExecution", new ArrayList<>(List.of(FuzzDocuments.map("weight", 100, "preference", FuzzDocuments.map("matchExpressions", new ArrayList<>())))));
    }
    Map<String, Object> affinity = FuzzDocuments.map("nodeAffinity", nodeAffinity);
    if (random.nextBoolean()) {
      affinity.put("podAffinity", FuzzDocuments.map("requiredDuringSchedulingIgnoredDuringExecution", new ArrayList<>(List.of(FuzzDocuments.map("topologyKey", "", "namespaces", new ArrayList<>(List.of("kube-system")))))));
    }
    return affinity;
  }

  private Map<String, Object> toleration() {
    Map<String, Object> toleration = new LinkedHashMap<>();
    toleration.put("key", pick(List.of("enclave.dev/dedicated", "", "node-role.kubernetes.io/control-plane")));
    toleration.put("operator", pick(List.of("Exists", "Equal", "")));
    toleration.put("value", pick(List.of("uk", "eu", "")));
    toleration.put("effect", pick(List.of("NoSchedule", "NoExecute", "")));
    if (random.nextBoolean()) {
      toleration.remove("key");
    }
    return toleration;
  }

  private Map<String, Object> projectedToken() {
    Map<String, Object> token = FuzzDocuments.map("path", "token", "audience", pick(List.of("https://kubernetes.default.svc", "", "vault")), "expirationSeconds", pick(List.of(600, -1, Long.MAX_VALUE)));
    return FuzzDocuments.map("name", "token", "projected", FuzzDocuments.map("sources", new ArrayList<>(List.of(FuzzDocuments.map("serviceAccountToken", token)))));
  }

  private Map<String, Object> volume() {
    return switch (random.nextInt(6)) {
      case 0 -> FuzzDocuments.map("name", "s", "secret", FuzzDocuments.map("secretName", pick(STRINGS)));
      case 1 -> FuzzDocuments.map("name", "c", "configMap", FuzzDocuments.map("name", pick(STRINGS)));
      case 2 -> FuzzDocuments.map("name", "p", "persistentVolumeClaim", FuzzDocuments.map("claimName", pick(STRINGS)));
      case 3 -> FuzzDocuments.map("name", "n", "nfs", FuzzDocuments.map("server", "10.0.0.1", "path", "/"));
      case 4 -> FuzzDocuments.map("name", "e", "emptyDir", FuzzDocuments.map("medium", "Memory", "sizeLimit", pick(List.of("1Ei", "-1", "x"))));
      default -> FuzzDocuments.map("name", pick(STRINGS), "csi", FuzzDocuments.map("driver", "secrets-store.csi.k8s.io"));
    };
  }

  private Map<String, Object> firstContainer(Map<String, Object> spec) {
    List<Object> containers = list(spec, "containers");
    for (Object c : containers) {
      if (c instanceof Map<?, ?>) {
        return cast(c);
      }
    }
    Map<String, Object> container = FuzzDocuments.map("name", "extra", "image", FuzzPods.REGISTRY + "/x:1");
    containers.add(container);
    return container;
  }

  private <T> T pick(List<T> values) {
    return values.get(random.nextInt(values.size()));
  }

  private static Map<String, Object> map(Map<String, Object> parent, String key) {
    if (!(parent.get(key) instanceof Map<?, ?>)) {
      parent.put(key, new LinkedHashMap<String, Object>());
    }
    return cast(parent.get(key));
  }

  @SuppressWarnings("unchecked")
  private static List<Object> list(Map<String, Object> parent, String key) {
    if (!(parent.get(key) instanceof List<?>)) {
      parent.put(key, new ArrayList<>());
    }
    return (List<Object>) parent.get(key);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> cast(Object map) {
    return (Map<String, Object>) map;
  }
}
