package dev.enclave.syncer.translate;

import static dev.enclave.syncer.translate.Fixtures.JURISDICTION_KEY;
import static dev.enclave.syncer.translate.Fixtures.restrictedPod;

import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * Escape vectors a tenant of jurisdiction eu (restricted) might try, each a restricted-compliant
 * pod with one hostile change, and what the syncer does with it: refused naming these fields, or
 * synced rewritten (no fields). The unit tests hold {@link PodEnforcer} to this table, and
 * SyncerIT sends the same pods through a real tenant API server to a real host. Every pod here is
 * one a real API server accepts (no {@code ..} subPath, no ephemeral containers on create).
 */
public final class EscapeVectors {
  /** One hostile pod; {@code refusedFields} empty means it is synced, rewritten. */
  public record Vector(String name, Pod pod, List<String> refusedFields) {
    public boolean refused() {
      return !refusedFields.isEmpty();
    }

    @Override
    public String toString() {
      return name;
    }
  }

  /** Images that are not the jurisdiction's registry's, however much they look like it. */
  static final List<String> FOREIGN_IMAGES =
      List.of(
          "nginx",
          "library/nginx:latest",
          "registry.eu.example.com.evil.io/shop/web:1",
          "registry.eu.example.com@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
          "registry.eu.example.com:5000/shop/web",
          "evil.io/registry.eu.example.com/shop/web",
          "registry.eu.example.comx/shop",
          "",
          "registry.eu.example.com/../etc",
          "registry.eu.example.com/shop/web:1 ; rm -rf /");

  private static final String C0 = "spec.containers[0].";
  private static final String REQUIRED_TERMS =
      "spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms";

  private EscapeVectors() {}

  /** For {@code @MethodSource}: the foreign images. */
  public static Stream<String> foreignImages() {
    return FOREIGN_IMAGES.stream();
  }

  /** Every vector: placement, pod security, volumes and tokens, images. */
  public static List<Vector> all() {
    List<Vector> all = new ArrayList<>();
    all.addAll(placement());
    all.addAll(podSecurity());
    all.addAll(volumesAndTokens());
    all.addAll(images());
    return all;
  }

  public static List<Vector> placement() {
    return List.of(
        refused(
            "a node name of another jurisdiction",
            p -> p.editSpec().withNodeName("uk-node-1").endSpec(),
            "spec.nodeName"),
        refused(
            "a node selector for uk",
            p -> p.editSpec().addToNodeSelector(JURISDICTION_KEY, "uk").endSpec(),
            "spec.nodeSelector[\"enclave.dev/jurisdiction\"]"),
        refused(
            "a required affinity term In uk",
            p -> requiredTerms(p, term(JURISDICTION_KEY, "In", "uk")),
            REQUIRED_TERMS + "[0].matchExpressions[0]"),
        refused(
            "a required affinity term NotIn eu",
            p -> requiredTerms(p, term(JURISDICTION_KEY, "NotIn", "eu")),
            REQUIRED_TERMS + "[0].matchExpressions[0]"),
        synced(
            "a required affinity term In eu or uk",
            p -> requiredTerms(p, term(JURISDICTION_KEY, "In", "eu", "uk"))),
        synced(
            "two ORed affinity terms without a jurisdiction",
            p ->
                requiredTerms(
                    p,
                    term("topology.kubernetes.io/zone", "In", "eu-central-1a", "uk-south-1a"),
                    term("kubernetes.io/hostname", "In", "uk-node-1", "eu-node-2"))),
        refused(
            "a toleration of the uk taint",
            p ->
                p.editSpec()
                    .addNewToleration()
                    .withKey("enclave.dev/dedicated")
                    .withOperator("Equal")
                    .withValue("uk")
                    .withEffect("NoSchedule")
                    .endToleration()
                    .endSpec(),
            "spec.tolerations[0].key"),
        refused(
            "a toleration of every taint",
            p -> p.editSpec().addNewToleration().withOperator("Exists").endToleration().endSpec(),
            "spec.tolerations[0]"),
        refused(
            "another runtime class",
            p -> p.editSpec().withRuntimeClassName("runc").endSpec(),
            "spec.runtimeClassName"),
        synced(
            "a platform priority class and another scheduler",
            p ->
                p.editSpec()
                    .withPriorityClassName("system-node-critical")
                    .withSchedulerName("my-scheduler")
                    .endSpec()),
        synced(
            "pod anti-affinity naming kube-system",
            p ->
                p.editSpec()
                    .withNewAffinity()
                    .withNewPodAntiAffinity()
                    .addNewRequiredDuringSchedulingIgnoredDuringExecution()
                    .withTopologyKey("kubernetes.io/hostname")
                    .withNamespaces("kube-system")
                    .withNewLabelSelector()
                    .addToMatchLabels("app.kubernetes.io/name", "web")
                    .endLabelSelector()
                    .endRequiredDuringSchedulingIgnoredDuringExecution()
                    .endPodAntiAffinity()
                    .endAffinity()
                    .endSpec()));
  }

  public static List<Vector> podSecurity() {
    return List.of(
        refused(
            "host network, PID and IPC",
            p -> p.editSpec().withHostNetwork(true).withHostPID(true).withHostIPC(true).endSpec(),
            "spec.hostNetwork",
            "spec.hostPID",
            "spec.hostIPC"),
        refused(
            "a host port",
            p ->
                p.editSpec()
                    .editFirstContainer()
                    .addNewPort()
                    .withContainerPort(8080)
                    .withHostPort(80)
                    .endPort()
                    .endContainer()
                    .endSpec(),
            C0 + "ports[0].hostPort"),
        refused(
            "adding SYS_ADMIN",
            p ->
                p.editSpec()
                    .editFirstContainer()
                    .editSecurityContext()
                    .editCapabilities()
                    .withAdd("SYS_ADMIN")
                    .endCapabilities()
                    .endSecurityContext()
                    .endContainer()
                    .endSpec(),
            C0 + "securityContext.capabilities.add[0]"),
        refused(
            "adding NET_RAW",
            p ->
                p.editSpec()
                    .editFirstContainer()
                    .editSecurityContext()
                    .editCapabilities()
                    .withAdd("NET_RAW")
                    .endCapabilities()
                    .endSecurityContext()
                    .endContainer()
                    .endSpec(),
            C0 + "securityContext.capabilities.add[0]"),
        refused(
            "privilege escalation",
            p ->
                p.editSpec()
                    .editFirstContainer()
                    .editSecurityContext()
                    .withAllowPrivilegeEscalation(true)
                    .endSecurityContext()
                    .endContainer()
                    .endSpec(),
            C0 + "securityContext.allowPrivilegeEscalation"),
        refused(
            "running as user 0",
            p ->
                p.editSpec()
                    .editFirstContainer()
                    .editSecurityContext()
                    .withRunAsUser(0L)
                    .endSecurityContext()
                    .endContainer()
                    .endSpec(),
            C0 + "securityContext.runAsUser"),
        refused(
            "no seccomp profile",
            p -> p.editSpec().editSecurityContext().withSeccompProfile(null).endSecurityContext().endSpec(),
            C0 + "securityContext.seccompProfile.type"),
        refused(
            "an unconfined seccomp profile",
            p ->
                p.editSpec()
                    .editFirstContainer()
                    .editSecurityContext()
                    .withNewSeccompProfile()
                    .withType("Unconfined")
                    .endSeccompProfile()
                    .endSecurityContext()
                    .endContainer()
                    .endSpec(),
            C0 + "securityContext.seccompProfile.type"),
        refused(
            "a custom SELinux type",
            p ->
                p.editSpec()
                    .editFirstContainer()
                    .editSecurityContext()
                    .withNewSeLinuxOptions()
                    .withType("spc_t")
                    .endSeLinuxOptions()
                    .endSecurityContext()
                    .endContainer()
                    .endSpec(),
            C0 + "securityContext.seLinuxOptions.type"),
        refused(
            "an unsafe sysctl",
            p ->
                p.editSpec()
                    .editSecurityContext()
                    .addNewSysctl()
                    .withName("kernel.msgmax")
                    .withValue("65536")
                    .endSysctl()
                    .endSecurityContext()
                    .endSpec(),
            "spec.securityContext.sysctls[0].name"),
        refused(
            "a probe of the cloud metadata address",
            p ->
                p.editSpec()
                    .editFirstContainer()
                    .withNewLivenessProbe()
                    .withNewHttpGet()
                    .withHost("169.254.169.254")
                    .withPath("/latest/meta-data")
                    .withNewPort(80)
                    .endHttpGet()
                    .endLivenessProbe()
                    .endContainer()
                    .endSpec(),
            C0 + "livenessProbe.httpGet.host"));
  }

  public static List<Vector> volumesAndTokens() {
    return List.of(
        refused(
            "a hostPath volume",
            p -> mounting(p, new VolumeBuilder().withName("root").withNewHostPath("/", null).build()),
            "spec.volumes[0].hostPath"),
        refused(
            "a subPathExpr",
            p ->
                mounting(p, new VolumeBuilder().withName("scratch").withNewEmptyDir().endEmptyDir().build())
                    .editSpec()
                    .editFirstContainer()
                    .editFirstVolumeMount()
                    .withSubPathExpr("$(POD_NAME)")
                    .endVolumeMount()
                    .endContainer()
                    .endSpec(),
            C0 + "volumeMounts[0].subPathExpr"),
        refused(
            "a CSI inline volume",
            p ->
                mounting(
                    p,
                    new VolumeBuilder()
                        .withName("secrets")
                        .withNewCsi()
                        .withDriver("secrets-store.csi.k8s.io")
                        .endCsi()
                        .build()),
            "spec.volumes[0].csi"),
        refused(
            "an NFS volume",
            p ->
                mounting(
                    p,
                    new VolumeBuilder()
                        .withName("share")
                        .withNewNfs()
                        .withServer("nfs.uk.example.com")
                        .withPath("/exports")
                        .endNfs()
                        .build()),
            "spec.volumes[0].nfs"),
        refused(
            "a projected token for another audience",
            p ->
                mounting(
                    p,
                    new VolumeBuilder()
                        .withName("token")
                        .withNewProjected()
                        .addNewSource()
                        .withNewServiceAccountToken()
                        .withAudience("https://sts.amazonaws.com")
                        .withPath("token")
                        .endServiceAccountToken()
                        .endSource()
                        .endProjected()
                        .build()),
            "spec.volumes[0].projected.sources[0].serviceAccountToken.audience"),
        refused(
            "an ephemeral volume of a foreign storage class",
            p ->
                mounting(
                    p,
                    new VolumeBuilder()
                        .withName("data")
                        .withNewEphemeral()
                        .withNewVolumeClaimTemplate()
                        .withNewSpec()
                        .withAccessModes("ReadWriteOnce")
                        .withStorageClassName("uk-encrypted")
                        .withNewResources()
                        .addToRequests("storage", new Quantity("1Gi"))
                        .endResources()
                        .endSpec()
                        .endVolumeClaimTemplate()
                        .endEphemeral()
                        .build()),
            "spec.volumes[0].ephemeral.volumeClaimTemplate.spec.storageClassName"));
  }

  /** The foreign images a real API server accepts (it refuses an empty one itself). */
  public static List<Vector> images() {
    return FOREIGN_IMAGES.stream()
        .filter(image -> !image.isEmpty())
        .map(
            image ->
                refused(
                    "the image " + image,
                    p -> p.editSpec().editFirstContainer().withImage(image).endContainer().endSpec(),
                    C0 + "image"))
        .toList();
  }

  private static Vector refused(String name, UnaryOperator<PodBuilder> change, String... fields) {
    return new Vector(name, change.apply(restrictedPod()).build(), List.of(fields));
  }

  private static Vector synced(String name, UnaryOperator<PodBuilder> change) {
    return new Vector(name, change.apply(restrictedPod()).build(), List.of());
  }

  static PodBuilder requiredTerms(PodBuilder pod, NodeSelectorTerm... terms) {
    return pod.editSpec()
        .withNewAffinity()
        .withNewNodeAffinity()
        .withNewRequiredDuringSchedulingIgnoredDuringExecution()
        .withNodeSelectorTerms(terms)
        .endRequiredDuringSchedulingIgnoredDuringExecution()
        .endNodeAffinity()
        .endAffinity()
        .endSpec();
  }

  static NodeSelectorTerm term(String key, String operator, String... values) {
    NodeSelectorTerm term = new NodeSelectorTerm();
    term.setMatchExpressions(List.of(new NodeSelectorRequirement(key, operator, List.of(values))));
    return term;
  }

  private static PodBuilder mounting(PodBuilder pod, Volume volume) {
    return pod.editSpec()
        .addToVolumes(volume)
        .editFirstContainer()
        .addNewVolumeMount()
        .withName(volume.getName())
        .withMountPath("/data")
        .endVolumeMount()
        .endContainer()
        .endSpec();
  }
}
