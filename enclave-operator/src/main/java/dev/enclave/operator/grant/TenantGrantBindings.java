package dev.enclave.operator.grant;

import dev.enclave.api.v1alpha1.TenantCluster;
import dev.enclave.core.controlplane.HostNames;
import dev.enclave.operator.tenant.TenantAccess;
import dev.enclave.operator.tenant.TenantApiClients;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A grant's ClusterRoleBinding inside the tenant cluster, written through the operator's bootstrap
 * credential ({@link TenantApiClients}), as the tenant's own RBAC is. Created when missing,
 * recreated when its roleRef differs (immutable), updated when its subjects, labels or annotations
 * differ, left alone when equal: a steady state sends no write.
 */
final class TenantGrantBindings {
  /** Why the tenant's API could not be reached or refused; the message carries no key material. */
  static final class TenantUnavailable extends RuntimeException {
    TenantUnavailable(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private final TenantApiClients clients;

  TenantGrantBindings(TenantApiClients clients) {
    this.clients = clients;
  }

  /** Makes the binding so; true when something was written. */
  boolean ensure(TenantCluster tenant, Optional<Secret> bootstrap, ClusterRoleBinding desired) {
    KubernetesClient client = client(tenant, bootstrap);
    String name = desired.getMetadata().getName();
    try {
      var named = client.rbac().clusterRoleBindings().withName(name);
      ClusterRoleBinding actual = named.get();
      if (actual != null && !Objects.equals(actual.getRoleRef(), desired.getRoleRef())) {
        named.delete();
        actual = null;
      }
      if (actual == null) {
        client.resource(desired).create();
        return true;
      }
      if (Objects.equals(actual.getSubjects(), desired.getSubjects())
          && contains(actual.getMetadata().getLabels(), desired.getMetadata().getLabels())
          && contains(
              actual.getMetadata().getAnnotations(), desired.getMetadata().getAnnotations())) {
        return false;
      }
      actual.setSubjects(desired.getSubjects());
      actual.getMetadata().setLabels(desired.getMetadata().getLabels());
      actual.getMetadata().setAnnotations(desired.getMetadata().getAnnotations());
      client.resource(actual).update();
      return true;
    } catch (KubernetesClientException e) {
      throw failed(tenant, "cannot write ClusterRoleBinding " + name, e);
    }
  }

  /** Deletes the binding; true when one was there. */
  boolean remove(TenantCluster tenant, Optional<Secret> bootstrap, String name) {
    KubernetesClient client = client(tenant, bootstrap);
    try {
      return !client.rbac().clusterRoleBindings().withName(name).delete().isEmpty();
    } catch (KubernetesClientException e) {
      if (e.getCode() == HttpURLConnection.HTTP_NOT_FOUND) {
        return false;
      }
      throw failed(tenant, "cannot delete ClusterRoleBinding " + name, e);
    }
  }

  private KubernetesClient client(TenantCluster tenant, Optional<Secret> bootstrap) {
    String secret =
        HostNames.hostNamespace(tenant) + "/" + HostNames.bootstrapKubeconfigSecret(tenant);
    try {
      return bootstrap
          .flatMap(s -> clients.clientFor(tenant, s))
          .orElseThrow(
              () ->
                  new TenantUnavailable(
                      "no usable bootstrap kubeconfig in Secret " + secret, null));
    } catch (RuntimeException e) {
      if (e instanceof TenantUnavailable unavailable) {
        throw unavailable;
      }
      throw failed(tenant, "no client for " + HostNames.endpoint(tenant), e);
    }
  }

  private static TenantUnavailable failed(TenantCluster tenant, String what, Throwable e) {
    String where =
        TenantAccess.unreachable(e)
            ? "tenant API " + HostNames.endpoint(tenant) + " unreachable"
            : "tenant API " + HostNames.endpoint(tenant) + " refused";
    return new TenantUnavailable(
        what + ": " + where + ": " + TenantAccess.oneLine(e), e);
  }

  private static boolean contains(Map<String, String> actual, Map<String, String> desired) {
    return actual != null && actual.entrySet().containsAll(desired.entrySet());
  }
}
