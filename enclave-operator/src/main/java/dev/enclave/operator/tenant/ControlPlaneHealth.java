package dev.enclave.operator.tenant;

import dev.enclave.api.v1alpha1.TenantCluster;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import java.util.Optional;

/**
 * Whether the control-plane StatefulSet serves: every desired replica ready, and the StatefulSet
 * controller has seen the latest spec (so a version change is not reported ready too early).
 */
record ControlPlaneHealth(boolean ready, String reason, String message) {

  static ControlPlaneHealth of(TenantCluster tenant, Optional<StatefulSet> found) {
    if (found.isEmpty()) {
      return new ControlPlaneHealth(
          false, TenantConditions.NOT_PROVISIONED, "control-plane StatefulSet not created yet");
    }
    StatefulSet statefulSet = found.get();
    int desired = desiredReplicas(tenant, statefulSet);
    StatefulSetStatus status = statefulSet.getStatus();
    int ready = status == null || status.getReadyReplicas() == null ? 0 : status.getReadyReplicas();
    String counts = ready + "/" + desired + " control-plane replicas ready";
    if (isRollingOut(statefulSet)) {
      return new ControlPlaneHealth(false, TenantConditions.ROLLING_OUT, "rolling out; " + counts);
    }
    boolean allReady = desired > 0 && ready >= desired;
    return new ControlPlaneHealth(
        allReady,
        allReady ? TenantConditions.REPLICAS_READY : TenantConditions.REPLICAS_NOT_READY,
        counts);
  }

  private static int desiredReplicas(TenantCluster tenant, StatefulSet statefulSet) {
    if (statefulSet.getSpec() != null && statefulSet.getSpec().getReplicas() != null) {
      return statefulSet.getSpec().getReplicas();
    }
    var controlPlane = tenant.getSpec().getControlPlane();
    return controlPlane == null || controlPlane.getReplicas() == null
        ? 1
        : controlPlane.getReplicas();
  }

  /** The controller has not yet observed the current generation (unset means not reported). */
  private static boolean isRollingOut(StatefulSet statefulSet) {
    StatefulSetStatus status = statefulSet.getStatus();
    Long generation = statefulSet.getMetadata().getGeneration();
    return status != null
        && status.getObservedGeneration() != null
        && generation != null
        && status.getObservedGeneration() < generation;
  }
}
