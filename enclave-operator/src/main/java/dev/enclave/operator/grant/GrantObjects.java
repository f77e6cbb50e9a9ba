package dev.enclave.operator.grant;

import dev.enclave.api.v1alpha1.AccessGrant;
import dev.enclave.api.v1alpha1.AccessGrantStatus;
import dev.enclave.api.v1alpha1.TenantCluster;
import dev.enclave.core.controlplane.HostNames;
import dev.enclave.operator.status.Conditions;
import dev.enclave.operator.tenant.TenantAccess;
import dev.enclave.operator.tenant.TenantConditions;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a grant writes, and removes: its ClusterRoleBinding in the tenant cluster and its
 * kubeconfig Secret on the host. Each step answers with what went wrong, in one line naming the
 * object and without key material, or with nothing when it is done.
 */
final class GrantObjects {
  private static final Logger LOG = LoggerFactory.getLogger(GrantObjects.class);

  private final KubernetesClient host;
  private final TenantGrantBindings bindings;
  private final GrantKubeconfigs kubeconfigs;

  GrantObjects(KubernetesClient host, TenantGrantBindings bindings, GrantKubeconfigs kubeconfigs) {
    this.host = host;
    this.bindings = bindings;
    this.kubeconfigs = kubeconfigs;
  }

  /** The grant's kubeconfig Secret as the server has it now, or null. */
  Secret secret(AccessGrant grant) {
    return host.secrets()
        .inNamespace(grant.getMetadata().getNamespace())
        .withName(GrantNames.kubeconfigSecret(grant))
        .get();
  }

  /** Writes the binding for {@code window} in the tenant cluster, if it is not so already. */
  Optional<String> bind(AccessGrant grant, TenantCluster tenant, GrantWindow window) {
    try {
      if (bindings.ensure(
          tenant, bootstrap(tenant), GrantBindingBuilder.build(grant, tenant, window))) {
        LOG.info(
            "{}: ClusterRoleBinding {} written in the tenant",
            GrantNames.key(grant),
            GrantNames.binding(grant));
      }
      return Optional.empty();
    } catch (TenantGrantBindings.TenantUnavailable e) {
      return Optional.of(e.getMessage());
    }
  }

  /**
   * Whether a delivered kubeconfig Secret is not what the tenant CA would issue now: its
   * certificate signed by another CA or its bundle trusting other CAs, once a cluster CA rotation
   * moved on. False while the CA Secret cannot be read (the next reconcile looks again).
   */
  boolean staleAfterCaRotation(Secret delivered, TenantCluster tenant) {
    Secret ca = caSecret(tenant);
    return ca != null && GrantKubeconfigs.stale(delivered, tenant, ca);
  }

  private Secret caSecret(TenantCluster tenant) {
    return host.secrets()
        .inNamespace(HostNames.hostNamespace(tenant))
        .withName(HostNames.caSecret(tenant))
        .get();
  }

  /**
   * Issues the credential from the tenant CA and writes the kubeconfig Secret: created, or replaced
   * with one of the same window when a CA rotation made the delivered one stale.
   */
  Optional<String> deliver(AccessGrant grant, TenantCluster tenant, GrantWindow window) {
    Secret ca = caSecret(tenant);
    if (ca == null) {
      return Optional.of(
          "the tenant CA Secret "
              + HostNames.hostNamespace(tenant)
              + "/"
              + HostNames.caSecret(tenant)
              + " does not exist");
    }
    try {
      host.resource(kubeconfigs.issue(grant, tenant, ca, window))
          .createOr(NonDeletingOperation::update);
      LOG.info(
          "{}: kubeconfig Secret {} written, valid until {}",
          GrantNames.key(grant),
          GrantNames.kubeconfigSecret(grant),
          window.expiresAtText());
      return Optional.empty();
    } catch (IllegalStateException e) {
      return Optional.of(e.getMessage());
    } catch (KubernetesClientException e) {
      return Optional.of("cannot create Secret " + secretKey(grant) + ": " + TenantAccess.oneLine(e));
    }
  }

  /**
   * Removes the binding from the tenant and then the Secret from the host; nothing when both are
   * gone, else what is left and why. A tenant that is gone took its bindings with it.
   */
  Optional<String> revoke(AccessGrant grant, Optional<TenantCluster> tenant) {
    if (tenant.isPresent() && mayHaveBound(grant, tenant.get())) {
      try {
        if (bindings.remove(tenant.get(), bootstrap(tenant.get()), GrantNames.binding(grant))) {
          LOG.info(
              "{}: ClusterRoleBinding {} removed from the tenant",
              GrantNames.key(grant),
              GrantNames.binding(grant));
        }
      } catch (TenantGrantBindings.TenantUnavailable e) {
        LOG.warn("{}: binding not removed: {}", GrantNames.key(grant), e.getMessage());
        return Optional.of(
            "ClusterRoleBinding "
                + GrantNames.binding(grant)
                + " is still in tenant cluster "
                + GrantNames.tenantKey(grant)
                + ": "
                + e.getMessage()
                + "; retrying");
      }
    }
    Secret secret = secret(grant);
    if (secret != null && GrantKubeconfigs.ownedBy(secret, grant)) {
      try {
        host.resource(secret).delete();
      } catch (KubernetesClientException e) {
        return Optional.of(
            "cannot delete Secret " + secretKey(grant) + ": " + TenantAccess.oneLine(e) + "; retrying");
      }
    }
    return Optional.empty();
  }

  /**
   * Bindings are only written once the tenant is TenantAccessReady, and the user is recorded in
   * status with the first: a grant that never got this far has nothing in the tenant.
   */
  private static boolean mayHaveBound(AccessGrant grant, TenantCluster tenant) {
    AccessGrantStatus status = grant.getStatus();
    return (status != null && (status.getUser() != null || status.getGrantedAt() != null))
        || accessReady(tenant);
  }

  static boolean accessReady(TenantCluster tenant) {
    return tenant.getStatus() != null
        && Conditions.isTrue(
            tenant.getStatus().getConditions(), TenantConditions.TENANT_ACCESS_READY);
  }

  private Optional<Secret> bootstrap(TenantCluster tenant) {
    return Optional.ofNullable(
        host.secrets()
            .inNamespace(HostNames.hostNamespace(tenant))
            .withName(HostNames.bootstrapKubeconfigSecret(tenant))
            .get());
  }

  static String secretKey(AccessGrant grant) {
    return grant.getMetadata().getNamespace() + "/" + GrantNames.kubeconfigSecret(grant);
  }
}
