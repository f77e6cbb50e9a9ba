package dev.enclave.operator;

import dev.enclave.core.model.Platform;

/**
 * Where the operator and the admission webhook read the declared platform from: every Jurisdiction,
 * DataStore, TenantCluster and AccessGrant the host cluster holds.
 */
public interface PlatformSource {

  /** The current declarations; never null. */
  Platform snapshot();
}
