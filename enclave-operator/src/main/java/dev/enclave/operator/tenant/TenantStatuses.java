package dev.enclave.operator.tenant;

import static dev.enclave.operator.tenant.TenantConditions.*;

import dev.enclave.api.v1alpha1.LocalObjectReference;
import dev.enclave.api.v1alpha1.TenantCluster;
import dev.enclave.api.v1alpha1.TenantClusterStatus;
import dev.enclave.core.compliance.Violation;
import dev.enclave.core.controlplane.HostNames;
import dev.enclave.core.observed.DriftFinding;
import dev.enclave.core.upgrade.UpgradePath;
import dev.enclave.operator.drift.DriftWatch;
import dev.enclave.operator.status.Conditions;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** Computes a TenantCluster's status from what the reconcile found; pure apart from the clock. */
public final class TenantStatuses {
  private static final int SUMMARISED_VIOLATIONS = 3;

  private final Clock clock;

  public TenantStatuses(Clock clock) {
    this.clock = clock;
  }

  /** Rules broken: nothing was created, and the violations say why. */
  public TenantClusterStatus nonCompliant(TenantCluster tenant, List<Violation> violations) {
    String message = summary(violations);
    TenantClusterStatus status = base(tenant, FAILED);
    status.setViolations(violations.stream().map(Violation::toFieldViolation).toList());
    status.setConditions(
        merge(
            tenant,
            Conditions.of(COMPLIANT, false, VIOLATIONS_FOUND, message, generation(tenant)),
            Conditions.of(READY, false, VIOLATIONS_FOUND, message, generation(tenant))));
    return status;
  }

  /** The tenant belongs to a jurisdiction another host serves: this host stays untouched. */
  public TenantClusterStatus notServed(TenantCluster tenant, Set<String> served) {
    String message =
        "jurisdiction \""
            + tenant.getSpec().getJurisdiction()
            + "\" is not served by this host; it serves: "
            + (served.isEmpty() ? "none" : String.join(", ", served));
    TenantClusterStatus status = base(tenant, PENDING);
    status.setConditions(
        merge(
            tenant,
            Conditions.of(COMPLIANT, false, JURISDICTION_NOT_SERVED, message, generation(tenant)),
            Conditions.of(READY, false, JURISDICTION_NOT_SERVED, message, generation(tenant))));
    return status;
  }

  /**
   * Host objects are in place; readiness follows the control-plane StatefulSet, the tenant's own
   * RBAC ({@code TenantAccessReady}) and, when bundles are declared, its policies ({@code
   * PolicyReady}). Drift turns Compliant False ({@code DriftDetected}) and lists
   * the findings as violations; it leaves the phase and Ready alone, as the control plane still
   * serves.
   */
  public TenantClusterStatus provisioned(
      TenantCluster tenant,
      Optional<StatefulSet> controlPlane,
      List<DriftFinding> drift,
      TenantAccessState access,
      Optional<TenantDataStores.State> sharedStore,
      TenantPolicyState policy,
      TenantUpgrades.Progress upgrade) {
    Long generation = generation(tenant);
    ControlPlaneHealth health = ControlPlaneHealth.of(tenant, controlPlane);
    Condition dataStore = dataStore(tenant, health, sharedStore, generation);
    boolean serving = health.ready() && Conditions.TRUE.equals(dataStore.getStatus());
    boolean ready = serving && access.ready() && policy.ready();
    TenantClusterStatus status =
        base(tenant, upgrade.blocked() ? FAILED : phase(tenant, ready, upgrade));
    List<Condition> conditions = new ArrayList<>();
    conditions.add(compliant(drift, generation));
    conditions.add(dataStore);
    conditions.add(
        Conditions.of(
            CONTROL_PLANE_READY, health.ready(), health.reason(), health.message(), generation));
    conditions.add(
        Conditions.of(
            TENANT_ACCESS_READY, access.ready(), access.reason(), access.message(), generation));
    if (policy.declared()) {
      conditions.add(
          Conditions.of(
              POLICY_READY, policy.ready(), policy.reason(), policy.message(), generation));
    }
    upgrade.condition().ifPresent(conditions::add);
    conditions.add(
        upgrade.blocked()
            ? Conditions.of(READY, false, upgrade.condition().orElseThrow().getReason(),
                upgrade.condition().orElseThrow().getMessage(), generation)
            : readyCondition(tenant, health, serving, access, policy, generation));
    status.setConditions(merge(tenant, conditions.toArray(Condition[]::new)));
    status.setUpgrade(upgrade.view().getStatus() == null ? null : upgrade.view().getStatus().getUpgrade());
    status.setEndpoint(HostNames.endpoint(tenant));
    LocalObjectReference kubeconfig = new LocalObjectReference();
    kubeconfig.setName(HostNames.adminKubeconfigSecret(tenant));
    status.setKubeconfigSecretRef(kubeconfig);
    status.setVersion(
        upgrade.running() != null
            ? upgrade.running()
            : serving ? UpgradePath.declared(tenant) : previousVersion(tenant));
    status.setViolations(drift.stream().map(DriftWatch::toViolation).toList());
    return status;
  }

  private static Condition dataStore(
      TenantCluster tenant,
      ControlPlaneHealth health,
      Optional<TenantDataStores.State> sharedStore,
      Long generation) {
    if (tenant.getSpec().getDataStore().getEmbedded() == null) {
      TenantDataStores.State store =
          sharedStore.orElse(
              new TenantDataStores.State(
                  false, NOT_PROVISIONED, "DataStore " + tenant.getSpec().getDataStore().getRef() + " not provisioned yet"));
      return Conditions.of(DATA_STORE_READY, store.ready(), store.reason(), store.message(), generation);
    }
    return Conditions.of(
        DATA_STORE_READY,
        health.ready(),
        health.ready() ? EMBEDDED_ETCD_READY : WAITING_FOR_CONTROL_PLANE,
        health.ready() ? "etcd runs in the control-plane pods" : health.message(),
        generation);
  }

  private static Condition readyCondition(
      TenantCluster tenant,
      ControlPlaneHealth health,
      boolean serving,
      TenantAccessState access,
      TenantPolicyState policy,
      Long generation) {
    if (!serving) {
      return Conditions.of(READY, false, health.reason(), health.message(), generation);
    }
    if (!access.ready()) {
      return Conditions.of(READY, false, access.reason(), access.message(), generation);
    }
    if (!policy.ready()) {
      return Conditions.of(READY, false, policy.reason(), policy.message(), generation);
    }
    return Conditions.of(
        READY,
        true,
        AVAILABLE,
        "tenant API server available at " + HostNames.endpoint(tenant),
        generation);
  }

  private static Condition compliant(List<DriftFinding> drift, Long generation) {
    if (drift.isEmpty()) {
      return Conditions.of(COMPLIANT, true, RULES_PASSED, "all compliance rules pass", generation);
    }
    String shown =
        drift.stream()
            .limit(SUMMARISED_VIOLATIONS)
            .map(DriftFinding::describe)
            .collect(Collectors.joining("; "));
    int more = drift.size() - SUMMARISED_VIOLATIONS;
    String count = drift.size() == 1 ? "1 drift finding: " : drift.size() + " drift findings: ";
    return Conditions.of(
        COMPLIANT,
        false,
        DRIFT_DETECTED,
        count + shown + (more > 0 ? "; and " + more + " more" : ""),
        generation);
  }

  /** A reconcile threw: Ready turns False with the error, everything else is kept as it was. */
  public TenantClusterStatus failed(TenantCluster tenant, Exception error) {
    TenantClusterStatus previous = tenant.getStatus();
    TenantClusterStatus status = previous == null ? base(tenant, PROVISIONING) : copy(previous);
    Optional<String> denied = permissionDenied(error);
    String reason = denied.isPresent() ? PERMISSION_DENIED : RECONCILE_FAILED;
    String message =
        denied.orElseGet(
            () ->
                "reconcile failed, will retry: "
                    + error.getClass().getSimpleName()
                    + (error.getMessage() == null ? "" : ": " + abbreviate(error.getMessage())));
    List<Condition> desired = new ArrayList<>();
    for (Condition condition : status.getConditions()) {
      if (!READY.equals(condition.getType())) {
        desired.add(condition);
      }
    }
    desired.add(Conditions.of(READY, false, reason, message, generation(tenant)));
    status.setConditions(merge(tenant, desired.toArray(Condition[]::new)));
    return status;
  }

  /**
   * A 403 anywhere in the cause chain: the server's own sentence (which user may not do what, on
   * which resource and namespace) and where the grant belongs. The reconcile is retried with
   * back-off, so a fixed ClusterRole heals the tenant without a restart.
   */
  static Optional<String> permissionDenied(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof KubernetesClientException k && k.getCode() == 403) {
        String said =
            k.getStatus() != null && k.getStatus().getMessage() != null
                ? k.getStatus().getMessage()
                : k.getMessage();
        return Optional.of(
            "the host API server refused the operator, will retry: "
                + abbreviate(said)
                + " (grant it in the ClusterRole enclave-operator, or see the admission policies"
                + " enclave-operator-*)");
      }
    }
    return Optional.empty();
  }

  private static TenantClusterStatus copy(TenantClusterStatus previous) {
    TenantClusterStatus status = new TenantClusterStatus();
    status.setPhase(previous.getPhase());
    status.setObservedGeneration(previous.getObservedGeneration());
    status.setConditions(new ArrayList<>(previous.getConditions()));
    status.setEndpoint(previous.getEndpoint());
    status.setKubeconfigSecretRef(previous.getKubeconfigSecretRef());
    status.setHostNamespace(previous.getHostNamespace());
    status.setVersion(previous.getVersion());
    status.setUpgrade(previous.getUpgrade());
    status.setCaRotation(previous.getCaRotation());
    status.setViolations(new ArrayList<>(previous.getViolations()));
    return status;
  }

  private static String abbreviate(String message) {
    return message.length() <= 300 ? message : message.substring(0, 300) + "...";
  }

  private static String phase(TenantCluster tenant, boolean ready, TenantUpgrades.Progress upgrade) {
    if (upgrade.underway()) {
      return UPGRADING;
    }
    return ready ? PHASE_READY : PROVISIONING;
  }

  private TenantClusterStatus base(TenantCluster tenant, String phase) {
    TenantClusterStatus status = new TenantClusterStatus();
    status.setPhase(phase);
    status.setObservedGeneration(generation(tenant));
    status.setHostNamespace(HostNames.hostNamespace(tenant));
    // the CA rotation's step is state: kept whatever else this status reports
    status.setCaRotation(tenant.getStatus() == null ? null : tenant.getStatus().getCaRotation());
    return status;
  }

  private List<Condition> merge(TenantCluster tenant, Condition... desired) {
    List<Condition> previous =
        tenant.getStatus() == null ? List.of() : tenant.getStatus().getConditions();
    return Conditions.merge(previous, List.of(desired), clock);
  }

  private static String previousVersion(TenantCluster tenant) {
    return tenant.getStatus() == null ? null : tenant.getStatus().getVersion();
  }

  private static Long generation(TenantCluster tenant) {
    return tenant.getMetadata().getGeneration();
  }

  static String summary(List<Violation> violations) {
    String shown =
        violations.stream()
            .limit(SUMMARISED_VIOLATIONS)
            .map(v -> v.fieldPath() + ": " + v.message())
            .collect(Collectors.joining("; "));
    int more = violations.size() - SUMMARISED_VIOLATIONS;
    String count = violations.size() == 1 ? "1 violation: " : violations.size() + " violations: ";
    return count + shown + (more > 0 ? "; and " + more + " more" : "");
  }
}
