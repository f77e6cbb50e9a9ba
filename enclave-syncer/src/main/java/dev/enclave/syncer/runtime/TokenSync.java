package dev.enclave.syncer.runtime;

import dev.enclave.syncer.translate.NameTranslator;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The host Secret with a tenant service account's token, the tenant CA and namespace, one per
 * {@code namespace/serviceAccount} and shared by every synced pod of that account: a host write per
 * account, not per pod. The token comes from the tenant's TokenRequest API, scoped to the service
 * account (not bound to one pod, since several pods mount it) with the API server's default
 * audience and {@link dev.enclave.syncer.SyncerOptions#tokenExpiration()}, renewed at 80% of its
 * lifetime; the Secret is deleted when the account's last synced pod goes. Where the tenant API
 * server has no TokenRequest (fabric8's CRUD mock), the syncer falls back to a legacy {@code
 * kubernetes.io/service-account-token} Secret it creates in the tenant: a real token controller
 * fills it with a non-expiring token; the mock never does, so there the host Secret carries no
 * token.
 */
public final class TokenSync {
  static final String EXPIRES = "enclave.dev/token-expires";
  static final String LEGACY_SUFFIX = "-enclave-token";
  private final SyncContext ctx;
  private final PodSync pods;
  private final AtomicBoolean tokenRequestMissing = new AtomicBoolean();

  /** The reason of the Warning Event on a pod whose service account does not exist. */
  static final String ACCOUNT_MISSING_REASON = "ServiceAccountNotFound";

  public TokenSync(SyncContext ctx, PodSync pods) {
    this.ctx = ctx;
    this.pods = pods;
  }

  /**
   * Brings the token Secret of {@code key}, a tenant {@code namespace/serviceAccount}, up to date.
   */
  public void reconcile(String key) {
    String ns = SyncContext.namespaceOf(key);
    String sa = SyncContext.nameOf(key);
    String hostName = NameTranslator.tokenSecretName(ns, sa);
    Secret host = Caches.get(ctx.caches().hostSecrets, ctx.hostNamespace() + "/" + hostName);
    if (!pods.needsToken(key)) {
      HostWrites.delete(ctx.host(), host);
      return;
    }
    Map<String, String> data = new TreeMap<>();
    data.put("namespace", base64(ns));
    ConfigMap ca = Caches.get(ctx.caches().tenantConfigMaps, ns + "/kube-root-ca.crt");
    if (ca != null && ca.getData() != null && ca.getData().get("ca.crt") != null) {
      data.put("ca.crt", base64(ca.getData().get("ca.crt")));
    }
    Instant expires = expiry(host);
    if (host != null && expires == null) {
      // written from the legacy Secret: an earlier run found no TokenRequest; do not probe again
      tokenRequestMissing.set(true);
    }
    if (expires != null && sameCaAndNamespace(host, data)) {
      Duration left = Duration.between(ctx.options().clock().instant(), expires);
      Duration renewBefore = ctx.options().tokenExpiration().dividedBy(5);
      if (left.compareTo(renewBefore) > 0) {
        ctx.queues().tokens.planAfter(key, left.minus(renewBefore));
        return;
      }
    }
    TokenRequest issued = tokenRequestMissing.get() ? null : request(ns, sa);
    if (issued != null) {
      // The builder copies the map: the token goes in before the Secret is built.
      data.put("token", base64(issued.getStatus().getToken()));
      Secret desired = secret(ns, sa, hostName, data);
      Instant until = Instant.parse(issued.getStatus().getExpirationTimestamp());
      desired.getMetadata().getAnnotations().put(EXPIRES, until.toString());
      HostWrites.ensure(ctx.host(), host, desired, data, HostWrites.Update.REPLACE);
      return;
    }
    String legacy = legacyToken(ns, sa);
    if (legacy != null) {
      data.put("token", legacy);
    }
    HostWrites.ensure(
        ctx.host(), host, secret(ns, sa, hostName, data), data, HostWrites.Update.REPLACE);
  }

  private TokenRequest request(String ns, String sa) {
    TokenRequest request =
        new TokenRequestBuilder()
            .withNewMetadata()
            .withName(sa)
            .endMetadata()
            .withNewSpec()
            .withExpirationSeconds(ctx.options().tokenExpiration().toSeconds())
            .endSpec()
            .build();
    try {
      TokenRequest issued =
          ctx.tenant().serviceAccounts().inNamespace(ns).withName(sa).tokenRequest(request);
      if (issued != null && issued.getStatus() != null && issued.getStatus().getToken() != null) {
        return issued;
      }
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404) {
        throw accountMissing(ns, sa, e);
      }
      // 405: no TokenRequest on this server. 422, then 409: fabric8's CRUD mock, which validates
      // TokenRequests as objects and then stores them instead of issuing tokens.
      if (e.getCode() != 405 && e.getCode() != 409 && e.getCode() != 422) {
        throw e;
      }
    }
    tokenRequestMissing.set(true);
    return null;
  }

  /**
   * A 404 from {@code serviceaccounts/<sa>/token}: that account does not exist (yet, or any more).
   * Its pods are told, and the token is retried with back-off (and when the account is created);
   * the other accounts keep using TokenRequest.
   */
  private IllegalStateException accountMissing(String ns, String sa, KubernetesClientException e) {
    String message =
        "Service account "
            + ns
            + "/"
            + sa
            + " does not exist (its TokenRequest answered 404): this pod gets no token until it"
            + " is created; the syncer keeps trying.";
    for (String podKey : pods.tokenPods(ns + "/" + sa)) {
      Pod pod = Caches.get(ctx.caches().tenantPods, podKey);
      if (pod != null) {
        ctx.refusals().warn(pod, ACCOUNT_MISSING_REASON, message);
      }
    }
    return new IllegalStateException(
        "service account " + ns + "/" + sa + " does not exist: " + e.getMessage(), e);
  }

  /** The token of the legacy Secret, created in the tenant when missing; null until filled. */
  private String legacyToken(String ns, String sa) {
    String name = sa + LEGACY_SUFFIX;
    Secret legacy = Caches.get(ctx.caches().tenantSecrets, ns + "/" + name);
    if (legacy == null) {
      try {
        ctx.tenant()
            .secrets()
            .inNamespace(ns)
            .resource(
                new SecretBuilder()
                    .withNewMetadata()
                    .withName(name)
                    .withNamespace(ns)
                    .addToAnnotations("kubernetes.io/service-account.name", sa)
                    .endMetadata()
                    .withType("kubernetes.io/service-account-token")
                    .build())
            .create();
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409) {
          throw e;
        }
      }
      return null;
    }
    return legacy.getData() == null ? null : legacy.getData().get("token");
  }

  private Secret secret(String ns, String sa, String hostName, Map<String, String> data) {
    ServiceAccount identity =
        new ServiceAccountBuilder()
            .withNewMetadata()
            .withNamespace(ns)
            .withName(sa)
            .endMetadata()
            .build();
    return new SecretBuilder()
        .withNewMetadata()
        .withName(hostName)
        .withNamespace(ctx.hostNamespace())
        .withLabels(NameTranslator.hostLabels(ctx.policy(), identity))
        .withAnnotations(new TreeMap<>(NameTranslator.hostAnnotations(identity)))
        .endMetadata()
        .withType("Opaque")
        .withData(data)
        .build();
  }

  private static boolean sameCaAndNamespace(Secret host, Map<String, String> data) {
    Map<String, String> current = host.getData() == null ? Map.of() : host.getData();
    return Objects.equals(current.get("ca.crt"), data.get("ca.crt"))
        && Objects.equals(current.get("namespace"), data.get("namespace"));
  }

  private static Instant expiry(Secret host) {
    if (host == null || host.getMetadata().getAnnotations() == null) {
      return null;
    }
    String text = host.getMetadata().getAnnotations().get(EXPIRES);
    return text == null ? null : Instant.parse(text);
  }

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }
}
