package dev.enclave.core.controlplane;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import java.util.Optional;

/**
 * The PodDisruptionBudget of an HA control plane. With embedded etcd, evictions keep a quorum
 * ({@code replicas/2+1} available); with an external store any one pod may go at a time.
 */
public final class DisruptionBudgetBuilder {
  private DisruptionBudgetBuilder() {}

  /** Empty for a single replica: a budget would block every node drain. */
  public static Optional<PodDisruptionBudget> build(ControlPlaneModel model) {
    if (!model.highlyAvailable()) {
      return Optional.empty();
    }
    boolean quorum = model.store() == ControlPlaneModel.Store.EMBEDDED_ETCD;
    return Optional.of(
        new PodDisruptionBudgetBuilder()
            .withMetadata(
                HostLabels.metadata(
                    model, HostNames.podDisruptionBudget(model.tenant()), HostLabels.CONTROL_PLANE))
            .withNewSpec()
            .withMinAvailable(quorum ? new IntOrString(model.replicas() / 2 + 1) : null)
            .withMaxUnavailable(quorum ? null : new IntOrString(1))
            .withNewSelector()
            .withMatchLabels(HostLabels.controlPlaneSelector(model))
            .endSelector()
            .endSpec()
            .build());
  }
}
