package dev.enclave.datastore;

import dev.enclave.api.v1alpha1.TenantCluster;

/**
 * One tenant's isolated share of a shared DataStore: {@link #provision} creates (or confirms) the
 * tenant's database and role, or etcd user, role and key prefix, and returns the credentials its
 * control plane uses; {@link #deprovision} removes all of it, data included. Both are idempotent.
 */
public interface TenantStore {

  /**
   * Makes the tenant's share exist and returns its credentials as the Secrets the operator writes.
   * {@code existing} holds what those Secrets held before (empty on first provisioning): a store
   * keeps a credential from it that still works instead of rotating it.
   */
  TenantCredentials provision(TenantCluster tenant, TenantCredentials existing);

  /** Removes the tenant's data, its login and its permissions; nothing is left of it. */
  void deprovision(TenantCluster tenant);
}
