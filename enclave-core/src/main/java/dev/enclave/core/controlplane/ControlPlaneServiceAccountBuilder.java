package dev.enclave.core.controlplane;

import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;

/**
 * The dedicated ServiceAccount of the control-plane pods. It is bound to no Role: the control plane
 * talks only to its own API server and data store, never to the host API, so no host RBAC is
 * rendered, and no token is mounted.
 */
public final class ControlPlaneServiceAccountBuilder {
  private ControlPlaneServiceAccountBuilder() {}

  public static ServiceAccount build(ControlPlaneModel model) {
    return new ServiceAccountBuilder()
        .withMetadata(
            HostLabels.metadata(
                model,
                HostNames.controlPlaneServiceAccount(model.tenant()),
                HostLabels.CONTROL_PLANE))
        .withAutomountServiceAccountToken(false)
        .build();
  }
}
