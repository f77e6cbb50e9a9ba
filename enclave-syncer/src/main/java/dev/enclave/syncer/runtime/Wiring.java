package dev.enclave.syncer.runtime;

import dev.enclave.syncer.translate.NameTranslator;
import dev.enclave.syncer.translate.TenantRef;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import java.util.Map;
import java.util.Optional;

/** Connects informer events to the queues: which change makes which key need a look. */
public final class Wiring {
  private Wiring() {}

  public static void connect(SyncContext ctx, Steps steps) {
    Caches c = ctx.caches();
    Queues q = ctx.queues();
    c.tenantPods.addEventHandler(
        Changes.of(
            (before, after) -> {
              q.pods.add(Changes.key(Changes.either(before, after)));
              // a new tenant pod's status comes from its host copy: look now only if the copy
              // exists (a restarted syncer); otherwise the copy's own event asks for the look
              if (before == null && hasHostCopy(ctx, after)) {
                q.podStatus.add(Changes.key(after));
              }
            }));
    c.hostPods.addEventHandler(
        Changes.of(
            (before, after) -> {
              steps.nodes().hostPodChanged(before, after);
              if (after == null) {
                steps.pods().hostPodDeleted(before);
              } else {
                tenantKey(after).ifPresent(q.podStatus::add);
              }
            }));
    c.tenantConfigMaps.addEventHandler(
        Changes.of(
            (before, after) -> {
              HasMetadata cm = Changes.either(before, after);
              q.configMaps.add(Changes.key(cm));
              if ("kube-root-ca.crt".equals(cm.getMetadata().getName())) {
                steps
                    .pods()
                    .tokenAccountsIn(cm.getMetadata().getNamespace())
                    .forEach(q.tokens::add);
              }
            }));
    c.hostConfigMaps.addEventHandler(
        Changes.of((b, a) -> tenantKey(Changes.either(b, a)).ifPresent(q.configMaps::add)));
    c.tenantSecrets.addEventHandler(
        Changes.of(
            (before, after) -> {
              Secret s = Changes.either(before, after);
              q.secrets.add(Changes.key(s));
              Map<String, String> a = s.getMetadata().getAnnotations();
              String sa = a == null ? null : a.get("kubernetes.io/service-account.name");
              if (sa != null && s.getMetadata().getName().endsWith(TokenSync.LEGACY_SUFFIX)) {
                q.tokens.add(s.getMetadata().getNamespace() + "/" + sa);
              }
            }));
    c.hostSecrets.addEventHandler(
        Changes.of(
            (b, a) -> {
              HasMetadata s = Changes.either(b, a);
              Optional<TenantRef> ref = NameTranslator.tenantRef(s);
              ref.filter(r -> !"Pod".equals(r.kind())) // per-pod tokens: collected at start-up
                  .ifPresent(
                      r -> ("ServiceAccount".equals(r.kind()) ? q.tokens : q.secrets).add(key(r)));
            }));
    c.tenantServiceAccounts.addEventHandler(
        Changes.of(
            (before, after) -> {
              String account = Changes.key(Changes.either(before, after));
              if (before == null && steps.pods().needsToken(account)) {
                q.tokens.add(account); // its token may have waited for it (404)
              }
            }));
    c.tenantServices.addEventHandler(
        Changes.of(
            (b, a) -> {
              q.services.add(Changes.key(Changes.either(b, a)));
              steps.endpointSlices().serviceChanged(Changes.either(b, a));
            }));
    c.hostServices.addEventHandler(
        Changes.of((b, a) -> tenantKey(Changes.either(b, a)).ifPresent(q.services::add)));
    c.tenantEndpointSlices.addEventHandler(
        Changes.of((b, a) -> q.endpointSlices.add(Changes.key(Changes.either(b, a)))));
    c.hostEndpointSlices.addEventHandler(
        Changes.of((b, a) -> tenantKey(Changes.either(b, a)).ifPresent(q.endpointSlices::add)));
    c.tenantPvcs.addEventHandler(
        Changes.of((b, a) -> q.pvcs.add(Changes.key(Changes.either(b, a)))));
    c.hostPvcs.addEventHandler(
        Changes.of((b, a) -> tenantKey(Changes.either(b, a)).ifPresent(q.pvcs::add)));
    c.hostNodes.addEventHandler(
        Changes.of((b, a) -> q.nodes.add(Changes.either(b, a).getMetadata().getName())));
    c.tenantNodes.addEventHandler(
        Changes.of((b, a) -> q.nodes.add(Changes.either(b, a).getMetadata().getName())));
    c.hostEvents.addEventHandler(
        Changes.of(
            (b, a) -> {
              if (a == null) {
                steps.events().forget(Changes.key(b));
              } else {
                q.events.add(Changes.key(a));
              }
            }));
  }

  private static Optional<String> tenantKey(HasMetadata host) {
    return NameTranslator.tenantRef(host).map(Wiring::key);
  }

  private static String key(TenantRef ref) {
    return ref.namespace() + "/" + ref.name();
  }

  private static boolean hasHostCopy(SyncContext ctx, HasMetadata tenant) {
    String key =
        ctx.hostKey(tenant.getMetadata().getNamespace(), tenant.getMetadata().getName());
    return Caches.get(ctx.caches().hostPods, key) != null;
  }
}
