package dev.enclave.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.enclave.core.sync.SyncPolicy;
import dev.enclave.syncer.translate.PodContext;
import dev.enclave.syncer.translate.PodEnforcer;
import dev.enclave.syncer.translate.Refusal;
import dev.enclave.syncer.translate.Translation;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.regex.Pattern;

/**
 * Hostile tenant pods through the syncer's {@link PodEnforcer}: each a restricted-compliant pod of
 * tenant "bank" (jurisdiction eu) with one to four hostile changes. The enforcer may refuse, naming
 * fields, or sync a pod that still carries eu's placement and no host access; nothing may throw.
 */
final class FuzzPods {
  static final String JURISDICTION_KEY = "enclave.dev/jurisdiction";
  static final String REGISTRY = "registry.eu.example.com";
  static final Toleration EU_TOLERATION =
      new TolerationBuilder().withKey("enclave.dev/dedicated").withOperator("Equal").withValue("eu").withEffect("NoSchedule").build();
  static final SyncPolicy POLICY =
      new SyncPolicy(
          "tenants-eu", "bank", "tc-tenants-eu-bank", "eu",
          Map.of(JURISDICTION_KEY, "eu"), List.of(EU_TOLERATION), List.of(REGISTRY),
          List.of("eu-encrypted", "eu-fast"), "gvisor", "restricted", Set.of("ClusterIP", "LoadBalancer"));
  static final PodContext CONTEXT = PodContext.of("10.96.0.10", "10.96.0.53");

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern FIELD = Pattern.compile("^(metadata|spec)([.\\[].*)?$");

  record Case(String id, String mutations, Map<String, Object> tree) {
    String yaml() {
      return FuzzDocuments.dump(tree);
    }
  }

  private final long seed;

  FuzzPods(long seed) {
    this.seed = seed;
  }

  Case caseAt(int index) {
    SplittableRandom random = new SplittableRandom(~seed * 0x9E3779B97F4A7C15L + index);
    Map<String, Object> pod = restrictedPod();
    List<String> done = new ArrayList<>();
    int count = 1 + random.nextInt(4);
    for (int i = 0; i < count; i++) {
      done.add(new FuzzHostility(random).apply(pod));
    }
    return new Case(seed + "-pod-" + String.format("%05d", index), String.join(", ", done), pod);
  }

  /** Translates the case; what the enforcer did, judged. */
  static FuzzOutcome translate(Case c) {
    Pod pod;
    try {
      pod = JSON.convertValue(c.tree(), Pod.class);
    } catch (IllegalArgumentException e) {
      return FuzzOutcome.skipped();
    }
    Translation<Pod> translation;
    try {
      boolean scheduled = c.id().hashCode() % 3 == 0;
      translation = PodEnforcer.toHost(pod, POLICY, scheduled ? CONTEXT.withHostNodeName("eu-node-1") : CONTEXT);
    } catch (RuntimeException | StackOverflowError e) {
      return FuzzOutcome.crash("PodEnforcer.toHost threw " + e + " at " + where(e) + " (" + c.mutations() + ")");
    }
    if (translation instanceof Translation.Refused<Pod> refused) {
      for (Refusal r : refused.reasons()) {
        if (r.field() == null || !FIELD.matcher(r.field()).matches() || r.message() == null || r.message().isBlank()) {
          return FuzzOutcome.unnamed("refusal without a field path: " + r + " (" + c.mutations() + ")");
        }
      }
      return FuzzOutcome.rejected();
    }
    Pod host = ((Translation.Synced<Pod>) translation).hostObject();
    String escape = escape(host.getSpec());
    return escape == null ? FuzzOutcome.accepted() : FuzzOutcome.crash("synced pod escapes: " + escape + " (" + c.mutations() + ")");
  }

  /** What lets a synced pod leave eu or reach the host, or null. */
  static String escape(PodSpec spec) {
    if (!"eu".equals(spec.getNodeSelector() == null ? null : spec.getNodeSelector().get(JURISDICTION_KEY))) {
      return "spec.nodeSelector lacks " + JURISDICTION_KEY + "=eu";
    }
    if (spec.getAffinity() == null
        || spec.getAffinity().getNodeAffinity() == null
        || spec.getAffinity().getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution() == null) {
      return "no required node affinity";
    }
    List<NodeSelectorTerm> terms =
        spec.getAffinity().getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution().getNodeSelectorTerms();
    NodeSelectorRequirement eu = new NodeSelectorRequirement(JURISDICTION_KEY, "In", List.of("eu"));
    if (terms == null || terms.isEmpty() || terms.stream().anyMatch(t -> t == null || t.getMatchExpressions() == null || !t.getMatchExpressions().contains(eu))) {
      return "a required node selector term without " + JURISDICTION_KEY + " In [eu]";
    }
    if (spec.getTolerations() == null || !spec.getTolerations().contains(EU_TOLERATION)) {
      return "no toleration of eu's taint";
    }
    if (spec.getTolerations().stream().anyMatch(t -> t != null && "Exists".equals(t.getOperator()) && (t.getKey() == null || t.getKey().isEmpty()))) {
      return "a toleration of every taint";
    }
    if (spec.getNodeName() != null && !spec.getNodeName().isEmpty()) {
      return "spec.nodeName " + spec.getNodeName();
    }
    if (Boolean.TRUE.equals(spec.getHostNetwork()) || Boolean.TRUE.equals(spec.getHostPID()) || Boolean.TRUE.equals(spec.getHostIPC())) {
      return "host namespaces";
    }
    if (spec.getVolumes() != null && spec.getVolumes().stream().anyMatch(v -> v != null && v.getHostPath() != null)) {
      return "a hostPath volume";
    }
    List<Container> containers = new ArrayList<>();
    if (spec.getContainers() != null) {
      containers.addAll(spec.getContainers());
    }
    if (spec.getInitContainers() != null) {
      containers.addAll(spec.getInitContainers());
    }
    for (Container c : containers) {
      if (c != null && c.getSecurityContext() != null && Boolean.TRUE.equals(c.getSecurityContext().getPrivileged())) {
        return "a privileged container";
      }
      if (c != null && (c.getImage() == null || !c.getImage().toLowerCase(java.util.Locale.ROOT).startsWith(REGISTRY + "/"))) {
        return "image " + c.getImage();
      }
    }
    if (!"gvisor".equals(spec.getRuntimeClassName())) {
      return "runtime class " + spec.getRuntimeClassName();
    }
    return null;
  }

  private static String where(Throwable e) {
    StackTraceElement[] trace = e.getStackTrace();
    return trace.length == 0 ? "?" : trace[0].getClassName() + "." + trace[0].getMethodName() + ":" + trace[0].getLineNumber();
  }

  static Map<String, Object> restrictedPod() {
    Map<String, Object> container =
        FuzzDocuments.map(
            "name", "web",
            "image", REGISTRY + "/shop/web:1.2",
            "securityContext",
                FuzzDocuments.map("allowPrivilegeEscalation", false, "capabilities", FuzzDocuments.map("drop", new ArrayList<>(List.of("ALL")))));
    Map<String, Object> spec =
        FuzzDocuments.map(
            "serviceAccountName", "default",
            "securityContext",
                FuzzDocuments.map("runAsNonRoot", true, "seccompProfile", FuzzDocuments.map("type", "RuntimeDefault")),
            "containers", new ArrayList<>(List.of(container)));
    Map<String, Object> labels = new LinkedHashMap<>(Map.of("app", "web"));
    return FuzzDocuments.map(
        "apiVersion", "v1",
        "kind", "Pod",
        "metadata", FuzzDocuments.map("name", "web", "namespace", "shop", "uid", "uid-1", "labels", labels),
        "spec", spec);
  }
}
