package dev.enclave.cli.playground;

import dev.enclave.api.v1alpha1.FieldViolation;
import dev.enclave.api.v1alpha1.TenantCluster;
import dev.enclave.api.v1alpha1.TenantClusterStatus;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * One tenant cluster as the playground shows it: where it runs, how far it got, and, when it will
 * not get further by waiting, why (non-compliant, unschedulable, jurisdiction not served, not
 * applied).
 *
 * @param terminalReason why the tenant cannot become Ready, or null while it still may
 * @param waitingFor what a tenant that may still become Ready is waiting for, or null
 */
public record TenantRow(
    String host,
    String namespace,
    String name,
    String jurisdiction,
    String version,
    String phase,
    String conditions,
    boolean ready,
    String terminalReason,
    String waitingFor) {

  static final String NOT_SERVED = "JurisdictionNotServed";

  /** {@code namespace/name}. */
  public String tenant() {
    return namespace + "/" + name;
  }

  /** A tenant that was never applied to a host. */
  static TenantRow notApplied(TenantCluster declared, String why) {
    return new TenantRow(
        "-",
        ns(declared),
        declared.getMetadata().getName(),
        declared.getSpec().getJurisdiction(),
        declared.getSpec().getKubernetesVersion(),
        "NotApplied",
        "-",
        false,
        "not applied: " + why,
        null);
  }

  /** A tenant whose host could not be read this time; it may well recover. */
  static TenantRow unreadable(String host, TenantCluster declared, String why) {
    return new TenantRow(
        host,
        ns(declared),
        declared.getMetadata().getName(),
        declared.getSpec().getJurisdiction(),
        declared.getSpec().getKubernetesVersion(),
        "Unknown",
        "-",
        false,
        null,
        "cannot read the host: " + why);
  }

  /**
   * The row for a tenant as found on its host: {@code live} may be null when not there (yet);
   * {@code hostPods} are the pods of its host namespace.
   */
  static TenantRow observed(
      String host, TenantCluster declared, TenantCluster live, List<Pod> hostPods) {
    TenantClusterStatus status = live == null ? null : live.getStatus();
    List<Condition> conditions = status == null ? List.of() : status.getConditions();
    String version =
        status != null && status.getVersion() != null
            ? status.getVersion()
            : declared.getSpec().getKubernetesVersion();
    String phase = status == null || status.getPhase() == null ? "Pending" : status.getPhase();
    boolean ready = "Ready".equals(phase) && isTrue(conditions, "Ready");
    String terminal = ready ? null : terminalReason(status, conditions, hostPods).orElse(null);
    String waiting = ready || terminal != null ? null : waitingFor(live, conditions);
    return new TenantRow(
        host,
        ns(declared),
        declared.getMetadata().getName(),
        declared.getSpec().getJurisdiction(),
        version,
        phase,
        summary(conditions),
        ready,
        terminal,
        waiting);
  }

  private static Optional<String> terminalReason(
      TenantClusterStatus status, List<Condition> conditions, List<Pod> hostPods) {
    Optional<Condition> compliant =
        find(conditions, "Compliant").filter(c -> "False".equals(c.getStatus()));
    if (compliant.isPresent()) {
      List<FieldViolation> violations = status.getViolations();
      String detail =
          violations == null || violations.isEmpty()
              ? compliant.get().getMessage()
              : violations.stream()
                  .map(v -> v.getField() + ": " + v.getMessage())
                  .collect(Collectors.joining("; "));
      return Optional.of("non-compliant: " + detail);
    }
    Optional<Condition> notServed =
        conditions.stream().filter(c -> NOT_SERVED.equals(c.getReason())).findFirst();
    if (notServed.isPresent()) {
      return Optional.of("jurisdiction not served: " + notServed.get().getMessage());
    }
    return hostPods.stream()
        .flatMap(
            p ->
                unschedulableReason(p)
                    .map(r -> p.getMetadata().getName() + ": " + r)
                    .stream())
        .findFirst()
        .map(r -> "unschedulable: pod " + r);
  }

  /** The scheduler's message for a pod it could not place, if it said one. */
  static Optional<String> unschedulableReason(Pod pod) {
    if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
      return Optional.empty();
    }
    return pod.getStatus().getConditions().stream()
        .filter(c -> "PodScheduled".equals(c.getType()) && "False".equals(c.getStatus()))
        .filter(c -> "Unschedulable".equals(c.getReason()))
        .map(io.fabric8.kubernetes.api.model.PodCondition::getMessage)
        .findFirst();
  }

  private static String waitingFor(TenantCluster live, List<Condition> conditions) {
    if (live == null) {
      return "not on the host yet";
    }
    return conditions.stream()
        .filter(c -> !"True".equals(c.getStatus()))
        .map(
            c ->
                c.getType()
                    + ": "
                    + c.getReason()
                    + (c.getMessage() == null ? "" : " (" + c.getMessage() + ")"))
        .findFirst()
        .orElse("no status from the operator yet");
  }

  /**
   * {@code Compliant ControlPlaneReady Ready} when all hold; otherwise the ones that hold, then
   * each failing one as {@code Type=Status(Reason)}.
   */
  static String summary(List<Condition> conditions) {
    if (conditions.isEmpty()) {
      return "-";
    }
    String holding =
        conditions.stream()
            .filter(c -> "True".equals(c.getStatus()))
            .map(Condition::getType)
            .collect(Collectors.joining(" "));
    String failing =
        conditions.stream()
            .filter(c -> !"True".equals(c.getStatus()))
            .map(c -> c.getType() + "=" + c.getStatus() + "(" + c.getReason() + ")")
            .collect(Collectors.joining(" "));
    return (holding + " " + failing).trim();
  }

  private static boolean isTrue(List<Condition> conditions, String type) {
    return find(conditions, type).filter(c -> "True".equals(c.getStatus())).isPresent();
  }

  private static Optional<Condition> find(List<Condition> conditions, String type) {
    return conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
  }

  private static String ns(TenantCluster tenant) {
    return tenant.getMetadata().getNamespace();
  }
}
