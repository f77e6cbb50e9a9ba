package dev.enclave.operator.tenant;

import static dev.enclave.operator.tenant.TenantConditions.RBAC_APPLIED;
import static dev.enclave.operator.tenant.TenantConditions.RBAC_APPLY_FAILED;
import static dev.enclave.operator.tenant.TenantConditions.TENANT_API_UNREACHABLE;

import dev.enclave.api.v1alpha1.Jurisdiction;
import dev.enclave.api.v1alpha1.TenantCluster;
import dev.enclave.core.controlplane.HostNames;
import dev.enclave.core.controlplane.TenantRbacBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives a tenant cluster's own API the RBAC Enclave's clients need ({@link TenantRbacBuilder}),
 * once its control plane is ready, through the tenant's admin kubeconfig, and then its policy
 * bundles ({@link TenantPolicies}). Never throws: what went wrong becomes the {@code
 * TenantAccessReady} or {@code PolicyReady} condition, in one line without key material.
 */
public final class TenantAccess {
  private static final Logger LOG = LoggerFactory.getLogger(TenantAccess.class);
  private static final int MESSAGE_LIMIT = 200;

  private final TenantApiClients clients;
  private final TenantRbacApplier applier = new TenantRbacApplier();
  private final TenantPolicies policies = new TenantPolicies();

  TenantAccess(TenantApiClients clients) {
    this.clients = clients;
  }

  /** The operator's client for the tenant's API, or why there is none (one line). */
  private record Client(Optional<KubernetesClient> client, String whyNot) {}

  private Client clientFor(TenantCluster tenant, Optional<Secret> adminKubeconfig) {
    try {
      Optional<KubernetesClient> client =
          adminKubeconfig.flatMap(secret -> clients.clientFor(tenant, secret));
      return new Client(
          client,
          client.isPresent()
              ? null
              : "no usable bootstrap kubeconfig in Secret " + HostNames.bootstrapKubeconfigSecret(tenant));
    } catch (RuntimeException e) {
      return new Client(Optional.empty(), "no client for " + HostNames.endpoint(tenant) + ": " + oneLine(e));
    }
  }

  TenantAccessState ensure(TenantCluster tenant, Optional<Secret> adminKubeconfig) {
    String endpoint = HostNames.endpoint(tenant);
    Client found = clientFor(tenant, adminKubeconfig);
    if (found.client().isEmpty()) {
      return new TenantAccessState(false, TENANT_API_UNREACHABLE, found.whyNot());
    }
    Optional<KubernetesClient> client = found.client();
    try {
      int written = applier.apply(client.get(), TenantRbacBuilder.build());
      if (written > 0) {
        LOG.info("{}: tenant RBAC objects written: {}", key(tenant), written);
      }
      return new TenantAccessState(true, RBAC_APPLIED, "syncer, CoreDNS and admin RBAC in place");
    } catch (RuntimeException e) {
      boolean unreachable = unreachable(e);
      LOG.warn("{}: tenant RBAC not applied: {}", key(tenant), oneLine(e));
      return unreachable
          ? new TenantAccessState(
              false,
              TENANT_API_UNREACHABLE,
              "tenant API " + endpoint + " unreachable: " + oneLine(e))
          : new TenantAccessState(
              false, RBAC_APPLY_FAILED, "tenant RBAC not applied: " + oneLine(e));
    }
  }

  /** The operator's client for the tenant's API, or empty without a usable kubeconfig; never throws. */
  Optional<KubernetesClient> client(TenantCluster tenant, Optional<Secret> adminKubeconfig) {
    return clientFor(tenant, adminKubeconfig).client();
  }

  /**
   * Installs the tenant's policy bundles through the same admin client, once {@link #ensure} put
   * its RBAC in place; the {@code PolicyReady} condition, or {@link TenantPolicyState#NONE}.
   */
  TenantPolicyState ensurePolicies(
      TenantCluster tenant, Jurisdiction jurisdiction, Optional<Secret> adminKubeconfig) {
    Optional<TenantPolicyState> settled = TenantPolicies.withoutTenantApi(tenant);
    if (settled.isPresent()) {
      return settled.get();
    }
    Client found = clientFor(tenant, adminKubeconfig);
    if (found.client().isEmpty()) {
      return new TenantPolicyState(true, false, TENANT_API_UNREACHABLE, found.whyNot());
    }
    return policies.apply(tenant, jurisdiction, found.client().get());
  }

  void forget(TenantCluster tenant) {
    clients.forget(tenant);
  }

  /** Connection refused, unknown host, timeouts: the cause chain holds an I/O failure. */
  public static boolean unreachable(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof IOException
          || t instanceof TimeoutException
          || t instanceof InterruptedIOException) {
        return true;
      }
    }
    return false;
  }

  /** The innermost cause's type and first line, abbreviated: never a stack trace. */
  public static String oneLine(Throwable error) {
    Throwable root = error;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage() == null ? "" : root.getMessage().strip();
    int newline = message.indexOf('\n');
    if (newline >= 0) {
      message = message.substring(0, newline);
    }
    String text = root.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message);
    return text.length() <= MESSAGE_LIMIT ? text : text.substring(0, MESSAGE_LIMIT) + "...";
  }

  private static String key(TenantCluster tenant) {
    return tenant.getMetadata().getNamespace() + "/" + tenant.getMetadata().getName();
  }
}
