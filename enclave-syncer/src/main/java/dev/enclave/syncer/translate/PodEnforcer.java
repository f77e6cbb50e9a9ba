package dev.enclave.syncer.translate;

import dev.enclave.core.sync.SyncPolicy;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns a tenant pod into the host pod that runs it, enforcing the jurisdiction: placement, runtime
 * class, Pod Security level, registries, volumes, tokens and DNS. A pod breaking any rule is
 * refused with every reason, never partially synced. The tenant pod is never modified.
 */
public final class PodEnforcer {
  private PodEnforcer() {}

  public static Translation<Pod> toHost(Pod tenantPod, SyncPolicy policy, PodContext context) {
    ObjectMeta meta = tenantPod == null ? null : tenantPod.getMetadata();
    if (meta == null || isBlank(meta.getName()) || isBlank(meta.getNamespace())) {
      return Translation.refused(
          List.of(Refusals.found("metadata", "no name or namespace", "a named, namespaced pod")));
    }
    PodSpec spec = tenantPod.getSpec();
    if (spec == null) {
      return Translation.refused(List.of(Refusals.found("spec", "unset", "a pod spec")));
    }
    List<Refusal> refusals = new ArrayList<>(unsupported(spec));
    refusals.addAll(PlacementEnforcer.check(spec, policy, context));
    refusals.addAll(PodSecurityCheck.check(tenantPod, policy.podSecurity()));
    refusals.addAll(ImagePolicy.check(spec, policy.registries()));
    refusals.addAll(VolumePolicy.check(spec, policy));
    // a JSON round trip, not fabric8's builder copy, which shares leaf objects such as Quantity
    PodSpec host = ModelCopies.copy(spec, PodSpec.class);
    refusals.addAll(PodSelectors.apply(host, meta.getNamespace()));
    if (!refusals.isEmpty()) {
      return Translation.refused(refusals);
    }
    PlacementEnforcer.apply(host, policy);
    ReferenceRenamer.apply(host, meta.getNamespace(), policy);
    boolean automount = !Boolean.FALSE.equals(spec.getAutomountServiceAccountToken());
    String tokenSecret =
        NameTranslator.tokenSecretName(meta.getNamespace(), NameTranslator.serviceAccountOf(spec));
    ServiceAccountTokens.apply(host, automount, tokenSecret, policy, context);
    PodDns.apply(host, meta.getNamespace(), meta.getName(), context);
    host.setEphemeralContainers(null);
    Pod pod = new Pod();
    pod.setMetadata(metadata(tenantPod, policy));
    pod.setSpec(host);
    return Translation.synced(pod);
  }

  private static ObjectMeta metadata(Pod tenantPod, SyncPolicy policy) {
    ObjectMeta tenant = tenantPod.getMetadata();
    Map<String, String> annotations = new TreeMap<>(NameTranslator.hostAnnotations(tenantPod));
    String serviceAccount = tenantPod.getSpec().getServiceAccountName();
    if (serviceAccount != null) {
      annotations.put(ReferenceRenamer.SERVICE_ACCOUNT_ANNOTATION, serviceAccount);
    }
    ObjectMeta host = new ObjectMeta();
    host.setName(NameTranslator.hostName(tenant.getNamespace(), tenant.getName()));
    host.setNamespace(policy.hostNamespace());
    host.setLabels(NameTranslator.hostLabels(policy, tenantPod));
    host.setAnnotations(annotations);
    return host;
  }

  /** What this version of the syncer does not carry to the host at all. */
  private static List<Refusal> unsupported(PodSpec spec) {
    List<Refusal> refusals = new ArrayList<>();
    if (spec.getEphemeralContainers() != null && !spec.getEphemeralContainers().isEmpty()) {
      Refusals.add(
          refusals,
          "spec.ephemeralContainers",
          spec.getEphemeralContainers().size() + " ephemeral container(s)",
          "none; ephemeral containers are not synced in this version");
    }
    if (spec.getResourceClaims() != null && !spec.getResourceClaims().isEmpty()) {
      Refusals.add(
          refusals,
          "spec.resourceClaims",
          spec.getResourceClaims().size() + " resource claim(s)",
          "none; dynamic resource claims are not synced in this version");
    }
    if (spec.getContainers() == null || spec.getContainers().isEmpty()) {
      Refusals.add(refusals, "spec.containers", "no containers", "at least one container");
    }
    return refusals;
  }

  private static boolean isBlank(String value) {
    return value == null || value.isBlank();
  }
}
