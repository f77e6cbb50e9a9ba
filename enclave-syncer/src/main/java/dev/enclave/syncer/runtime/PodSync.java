package dev.enclave.syncer.runtime;

import dev.enclave.syncer.translate.HostToTenant;
import dev.enclave.syncer.translate.NameTranslator;
import dev.enclave.syncer.translate.PodContext;
import dev.enclave.syncer.translate.PodEnforcer;
import dev.enclave.syncer.translate.Translation;
import io.fabric8.kubernetes.api.model.DeleteOptions;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Preconditions;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.net.HttpURLConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tenant pods to host pods. A pod whose spec changed is deleted on the host and created again on
 * the next pass (host pod specs are mostly immutable); a pod whose host copy was deleted by someone
 * else (evicted, preempted, drained) is deleted in the tenant too, as vCluster does; a refused pod
 * is deleted from the host if it was there, and the tenant is told why.
 */
public final class PodSync {
  private final SyncContext ctx;

  /** Host pod names the syncer itself is deleting: their disappearance is no eviction. */
  private final Set<String> deleting = ConcurrentHashMap.newKeySet();

  /** Tenant pod uids whose host copy was deleted by someone else. */
  private final Set<String> evicted = ConcurrentHashMap.newKeySet();

  /** Tenant pods whose host copy mounts their service account's token Secret. */
  private final TokenUsers tokenUsers = new TokenUsers();

  public PodSync(SyncContext ctx) {
    this.ctx = ctx;
  }

  /** Called by the host informer when a host pod is gone. */
  public void hostPodDeleted(Pod hostPod) {
    boolean ours = deleting.remove(hostPod.getMetadata().getName());
    NameTranslator.tenantRef(hostPod)
        .ifPresent(
            ref -> {
              if (!ours && ref.uid() != null) {
                evicted.add(ref.uid());
              }
              ctx.queues().pods.add(ref.namespace() + "/" + ref.name());
            });
  }

  /** Whether a synced pod mounts the token Secret of {@code namespace/serviceAccount}. */
  public boolean needsToken(String accountKey) {
    return tokenUsers.needed(accountKey);
  }

  /** The tenant pods ({@code namespace/name}) that mount an account's token. */
  public List<String> tokenPods(String accountKey) {
    return tokenUsers.podsOf(accountKey);
  }

  /** The {@code namespace/serviceAccount} keys of a namespace whose token Secret is in use. */
  public List<String> tokenAccountsIn(String namespace) {
    return tokenUsers.accountsIn(namespace);
  }

  /**
   * Before the workers start: records the token use of every host pod already synced, so that the
   * token step does not delete a Secret that pods mount before the pod step has seen them.
   */
  public void recordTokenUse(Pod tenant, Pod host) {
    String key = tenant.getMetadata().getNamespace() + "/" + tenant.getMetadata().getName();
    tokenUsers.use(key, mountsToken(tenant, host) ? accountKey(tenant) : null);
  }

  public void reconcile(String key) {
    Pod tenant = Caches.get(ctx.caches().tenantPods, key);
    String ns = SyncContext.namespaceOf(key);
    String name = SyncContext.nameOf(key);
    Pod host = Caches.get(ctx.caches().hostPods, ctx.hostKey(ns, name));
    if (tenant == null || tenant.getMetadata().getDeletionTimestamp() != null) {
      forget(key, tenant);
      deleteHost(host);
      if (tenant != null && host == null) {
        removeTenantPod(tenant);
      }
      return;
    }
    if (host == null && evicted.remove(tenant.getMetadata().getUid())) {
      forget(key, tenant);
      removeTenantPod(tenant);
      return;
    }
    String hostNode = host == null ? boundJurisdictionNode(tenant) : host.getSpec().getNodeName();
    Translation<Pod> translation =
        PodEnforcer.toHost(tenant, ctx.policy(), context().withHostNodeName(hostNode));
    if (translation instanceof Translation.Refused<Pod> refused) {
      forget(key, null);
      deleteHost(host);
      ctx.refusals().record(tenant, refused.reasons());
      TenantPodStatus.apply(
          ctx.tenant(),
          tenant,
          TenantPodStatus.refused(tenant, HostToTenant.refusalCondition(refused.reasons())));
      return;
    }
    Pod desired = ((Translation.Synced<Pod>) translation).hostObject();
    use(key, tenant, desired);
    String specJson = Serialization.asJson(desired.getSpec());
    String fingerprint = Fingerprints.ofJson(specJson);
    if (host == null) {
      String sent = hostNode == null ? specJson : Serialization.asJson(pinnedTo(desired, hostNode));
      HostWrites.createPod(ctx.host(), ctx.hostNamespace(), stamp(desired, fingerprint), sent);
    } else if (!Fingerprints.matches(host, fingerprint)) {
      deleteHost(host);
    } else if (!metadataMatches(host, desired)) {
      ctx.host()
          .pods()
          .inNamespace(ctx.hostNamespace())
          .withName(host.getMetadata().getName())
          .edit(
              p -> {
                p.getMetadata().getLabels().putAll(desired.getMetadata().getLabels());
                p.getMetadata().getAnnotations().putAll(desired.getMetadata().getAnnotations());
                return p;
              });
    }
  }

  private static boolean mounts(Volume volume, String secret) {
    if (volume.getSecret() != null && secret.equals(volume.getSecret().getSecretName())) {
      return true;
    }
    return volume.getProjected() != null
        && volume.getProjected().getSources() != null
        && volume.getProjected().getSources().stream()
            .anyMatch(p -> p.getSecret() != null && secret.equals(p.getSecret().getName()));
  }

  private PodContext context() {
    return PodContext.of(
        TenantApiService.podAddress(ctx.options().apiServerHost()), ctx.options().dnsServerIp());
  }

  private static Pod stamp(Pod desired, String fingerprint) {
    return Fingerprints.stamp(desired, fingerprint);
  }

  private void use(String key, Pod tenant, Pod desired) {
    tokenUsers
        .use(key, mountsToken(tenant, desired) ? accountKey(tenant) : null)
        .forEach(ctx.queues().tokens::add);
    reindex(key, PodReferences.of(tenant));
  }

  private static boolean mountsToken(Pod tenant, Pod host) {
    String token =
        NameTranslator.tokenSecretName(
            tenant.getMetadata().getNamespace(), NameTranslator.serviceAccountOf(tenant.getSpec()));
    return host.getSpec().getVolumes() != null
        && host.getSpec().getVolumes().stream().anyMatch(v -> mounts(v, token));
  }

  private static String accountKey(Pod tenant) {
    return tenant.getMetadata().getNamespace()
        + "/"
        + NameTranslator.serviceAccountOf(tenant.getSpec());
  }

  private void forget(String key, Pod tenant) {
    tokenUsers.use(key, null).forEach(ctx.queues().tokens::add);
    reindex(key, PodReferences.NONE);
    if (tenant != null) {
      evicted.remove(tenant.getMetadata().getUid());
    }
  }

  private void reindex(String key, PodReferences references) {
    ctx.references()
        .update(key, references)
        .forEach(
            (kind, keys) ->
                keys.forEach(
                    k ->
                        (kind == ReferenceIndex.Kind.CONFIG_MAP
                                ? ctx.queues().configMaps
                                : ctx.queues().secrets)
                            .add(k)));
  }

  /**
   * The node a tenant pod is bound to when its host copy is gone (recreated after a spec change,
   * or deleted while the syncer was down) and that node is a host node of the jurisdiction: the
   * syncer bound it there, and a pod's node cannot change. Null otherwise, so a pod that names a
   * node itself is still refused.
   */
  private String boundJurisdictionNode(Pod tenant) {
    String node = tenant.getSpec().getNodeName();
    if (node == null || node.isEmpty()) {
      return null;
    }
    Node hostNode = ctx.host().nodes().withName(node).get();
    Map<String, String> labels =
        hostNode == null || hostNode.getMetadata().getLabels() == null
            ? Map.of()
            : hostNode.getMetadata().getLabels();
    return !ctx.policy().nodeSelector().isEmpty()
            && labels.entrySet().containsAll(ctx.policy().nodeSelector().entrySet())
        ? node
        : null;
  }

  /**
   * The host spec, its every required node affinity term also matching {@code node} by name: the
   * scheduler still places it, within the jurisdiction, on the node its tenant pod is bound to.
   * The fingerprint stays that of the unpinned spec, which the next pass computes again.
   */
  private static PodSpec pinnedTo(Pod desired, String node) {
    PodSpec spec = new PodBuilder(desired).build().getSpec();
    NodeSelectorRequirement byName =
        new NodeSelectorRequirement("metadata.name", "In", List.of(node));
    for (NodeSelectorTerm term :
        spec.getAffinity()
            .getNodeAffinity()
            .getRequiredDuringSchedulingIgnoredDuringExecution()
            .getNodeSelectorTerms()) {
      List<NodeSelectorRequirement> fields =
          term.getMatchFields() == null ? new ArrayList<>() : new ArrayList<>(term.getMatchFields());
      fields.add(byName);
      term.setMatchFields(fields);
    }
    return spec;
  }

  /**
   * Deletes a tenant pod at once (grace period 0, this uid only): the syncer is its kubelet, and
   * with its host copy gone no container is left to stop. A graceful delete would leave it
   * Terminating for good, since no tenant kubelet ever confirms it.
   */
  private void removeTenantPod(Pod tenant) {
    ObjectMeta meta = tenant.getMetadata();
    DeleteOptions options = new DeleteOptions();
    options.setGracePeriodSeconds(0L);
    options.setPreconditions(new Preconditions(null, meta.getUid()));
    try {
      ctx.tenant()
          .raw(
              "/api/v1/namespaces/" + meta.getNamespace() + "/pods/" + meta.getName(),
              "DELETE",
              options);
    } catch (KubernetesClientException e) {
      // gone already (404), or another pod of that name by now (409): nothing of ours to remove
      if (e.getCode() != HttpURLConnection.HTTP_NOT_FOUND
          && e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
        throw e;
      }
    }
  }

  private void deleteHost(Pod host) {
    if (host == null || host.getMetadata().getDeletionTimestamp() != null) {
      return;
    }
    deleting.add(host.getMetadata().getName());
    ctx.host()
        .pods()
        .inNamespace(ctx.hostNamespace())
        .withName(host.getMetadata().getName())
        .delete();
  }

  private static boolean metadataMatches(Pod host, Pod desired) {
    return contains(host.getMetadata().getLabels(), desired.getMetadata().getLabels())
        && contains(host.getMetadata().getAnnotations(), desired.getMetadata().getAnnotations());
  }

  private static boolean contains(Map<String, String> actual, Map<String, String> wanted) {
    if (wanted == null || wanted.isEmpty()) {
      return true;
    }
    return actual != null && actual.entrySet().containsAll(wanted.entrySet());
  }
}
