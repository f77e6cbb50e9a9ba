package dev.enclave.operator.tenant;

import static dev.enclave.core.upgrade.UpgradePath.API_SERVER;
import static dev.enclave.core.upgrade.UpgradePath.BACKUP;
import static dev.enclave.core.upgrade.UpgradePath.COMPONENTS;
import static dev.enclave.core.upgrade.UpgradePath.FAILED;
import static dev.enclave.core.upgrade.UpgradePath.HEALTH_GATE;

import dev.enclave.api.v1alpha1.BackupStatus;
import dev.enclave.api.v1alpha1.TenantCluster;
import dev.enclave.api.v1alpha1.TenantClusterStatus;
import dev.enclave.api.v1alpha1.UpgradeStatus;
import dev.enclave.core.controlplane.ControlPlaneContainers;
import dev.enclave.core.upgrade.UpgradePath;
import dev.enclave.operator.backup.TenantBackups;
import dev.enclave.operator.status.Conditions;
import dev.enclave.operator.status.TenantEvents;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves a tenant cluster from the running Kubernetes release ({@code status.version}) to the
 * declared one ({@code spec.kubernetesVersion}) in the order upstream's version-skew policy
 * requires: a backup first, then kube-apiserver, then kube-controller-manager and kube-scheduler,
 * then a health gate on the tenant's own API ({@link UpgradeHealthGate}). Only then does {@code
 * status.version} change. A downgrade or a skipped minor is refused and the control plane keeps
 * running what it runs; a step that does not finish in time stops the upgrade in {@code Failed},
 * with the backup to restore from named.
 *
 * <p>Runs before the host objects are rendered: the builders read {@code status.upgrade.step}
 * ({@link UpgradePath#rendered}) from the {@link Progress#view()} this returns.
 */
public final class TenantUpgrades {
  public static final String TYPE = "Upgraded";

  public static final String UPGRADE_REFUSED = "UpgradeRefused";
  public static final String PRE_UPGRADE_BACKUP_FAILED = "PreUpgradeBackupFailed";
  public static final String UPGRADING_API_SERVER = "UpgradingApiServer";
  public static final String UPGRADING_COMPONENTS = "UpgradingComponents";
  public static final String HEALTH_GATE_PENDING = "HealthGatePending";
  public static final String UPGRADE_FAILED = "UpgradeFailed";
  public static final String UPGRADED = "Upgraded";

  /** Set to a reason on the TenantCluster to upgrade without the backup (recorded, and warned). */
  public static final String WITHOUT_BACKUP = "enclave.dev/upgrade-without-backup";

  public static final Duration STEP_TIMEOUT = Duration.ofMinutes(10);
  public static final Duration GATE_TIMEOUT = Duration.ofMinutes(5);
  public static final Duration BACKUP_RETRY = Duration.ofSeconds(60);
  public static final Duration POLL = Duration.ofSeconds(5);

  /** How long after an upgrade its smoke Deployment is looked for and removed. */
  public static final Duration CLEANUP = Duration.ofMinutes(10);

  private static final Logger LOG = LoggerFactory.getLogger(TenantUpgrades.class);

  /**
   * What this reconcile does about the tenant's version.
   *
   * @param view the tenant with {@code status.upgrade} (and a pre-upgrade backup) as planned now:
   *     render and report from it
   * @param condition the {@code Upgraded} condition, or empty when none applies
   * @param running the release the control plane runs, null before it first served
   * @param blocked the declared release will not be reached without a change of spec: refused or
   *     failed ({@code Ready} is False with the condition's reason)
   * @param retry how soon to look again, while an upgrade moves
   */
  public record Progress(
      TenantCluster view,
      Optional<Condition> condition,
      String running,
      boolean blocked,
      Optional<Duration> retry) {
    public boolean underway() {
      return view.getStatus() != null && view.getStatus().getUpgrade() != null && !blocked;
    }
  }

  private final Clock clock;
  private final TenantBackups backups;
  private final TenantEvents events;
  private final UpgradeHealthGate gate;

  public TenantUpgrades(Clock clock, TenantBackups backups, TenantEvents events, UpgradeHealthGate gate) {
    this.clock = clock;
    this.backups = backups;
    this.events = events;
    this.gate = gate;
  }

  /**
   * @param controlPlane the control-plane StatefulSet as last rendered, from the informer cache
   * @param tenantApi the operator's client for the tenant's API, when it can have one
   * @param registry the jurisdiction's registry, for the health gate's smoke Deployment
   */
  public Progress advance(
      TenantCluster tenant,
      Optional<StatefulSet> controlPlane,
      Supplier<Optional<KubernetesClient>> tenantApi,
      String registry) {
    String running = UpgradePath.running(tenant);
    String declared = UpgradePath.declared(tenant);
    Long generation = tenant.getMetadata().getGeneration();
    if (running == null || running.equals(declared)) {
      Optional<Condition> done =
          previousCondition(tenant).filter(c -> Conditions.TRUE.equals(c.getStatus()));
      done.filter(this::recent).ifPresent(c -> tenantApi.get().ifPresent(gate::finish));
      return new Progress(withUpgrade(tenant, null), done, running, false, Optional.empty());
    }
    Optional<String> refusal = UpgradePath.refusal(running, declared);
    if (refusal.isPresent()) {
      return new Progress(
          withUpgrade(tenant, null),
          Optional.of(Conditions.of(TYPE, false, UPGRADE_REFUSED,
              "spec.kubernetesVersion: " + refusal.get() + "; the control plane keeps running " + running,
              generation)),
          running,
          true,
          Optional.empty());
    }
    UpgradeStatus upgrade = previousUpgrade(tenant);
    if (upgrade == null || !declared.equals(upgrade.getTo())) {
      upgrade = new UpgradeStatus();
      upgrade.setFrom(running);
      upgrade.setTo(declared);
      upgrade.setStartedAt(now());
      step(upgrade, BACKUP);
      events.normal(tenant, "UpgradeStarted", "upgrade from " + running + " to " + declared + " started");
    }
    return switch (upgrade.getStep()) {
      case BACKUP -> backup(tenant, upgrade);
      case API_SERVER -> rollout(tenant, upgrade, controlPlane, declared, running, COMPONENTS,
          UPGRADING_API_SERVER, "kube-apiserver " + declared + " rolling out first; kube-controller-manager and"
              + " kube-scheduler stay on " + running + " until it serves");
      case COMPONENTS -> rollout(tenant, upgrade, controlPlane, declared, declared, HEALTH_GATE,
          UPGRADING_COMPONENTS, "kube-controller-manager and kube-scheduler " + declared + " rolling out");
      case HEALTH_GATE -> healthGate(tenant, upgrade, tenantApi, registry);
      default -> failed(tenant, upgrade);
    };
  }

  private Progress backup(TenantCluster tenant, UpgradeStatus upgrade) {
    TenantCluster view = withUpgrade(tenant, upgrade);
    String why = TenantAnnotations.value(tenant, WITHOUT_BACKUP);
    if (tenant.getSpec().getBackup() == null) {
      upgrade.setPreUpgradeBackup("none: spec.backup is not declared");
    } else if (why != null) {
      upgrade.setPreUpgradeBackup("skipped: " + why);
      events.warning(tenant, "UpgradeWithoutBackup",
          "upgrading from " + upgrade.getFrom() + " to " + upgrade.getTo() + " without a backup, as "
              + WITHOUT_BACKUP + " says: " + why);
    } else {
      BackupStatus last = view.getStatus().getBackup();
      Optional<Duration> wait = backupRetryWait(last, upgrade);
      if (wait.isPresent()) {
        // looked at again soon (an annotation to go on without one needs no new generation)
        return moving(view, upgrade, PRE_UPGRADE_BACKUP_FAILED, backupFailure(upgrade, last), Optional.of(POLL));
      }
      BackupStatus taken = backups.backUp(view);
      view.getStatus().setBackup(taken);
      if (taken.getLastFailure() != null) {
        events.warning(tenant, PRE_UPGRADE_BACKUP_FAILED, backupFailure(upgrade, taken));
        return moving(view, upgrade, PRE_UPGRADE_BACKUP_FAILED, backupFailure(upgrade, taken),
            Optional.of(POLL));
      }
      upgrade.setPreUpgradeBackup(taken.getLastBackupId());
      events.normal(tenant, "PreUpgradeBackupTaken",
          "backup " + taken.getLastBackupId() + " taken before upgrading from " + upgrade.getFrom()
              + " to " + upgrade.getTo());
    }
    step(upgrade, API_SERVER);
    return moving(view, upgrade, UPGRADING_API_SERVER,
        "kube-apiserver " + upgrade.getTo() + " rolling out first", Optional.of(POLL));
  }

  /** A failed attempt less than {@link #BACKUP_RETRY} ago, during this upgrade: wait the rest. */
  private Optional<Duration> backupRetryWait(BackupStatus last, UpgradeStatus upgrade) {
    if (last == null || last.getLastFailure() == null || last.getLastAttemptTime() == null) {
      return Optional.empty();
    }
    Instant attempted = Instant.parse(last.getLastAttemptTime());
    if (attempted.isBefore(Instant.parse(upgrade.getStepStartedAt()))) {
      return Optional.empty();
    }
    Duration left = Duration.between(clock.instant(), attempted.plus(BACKUP_RETRY));
    return left.isNegative() || left.isZero() ? Optional.empty() : Optional.of(left);
  }

  private static String backupFailure(UpgradeStatus upgrade, BackupStatus last) {
    return "the backup before upgrading from " + upgrade.getFrom() + " to " + upgrade.getTo()
        + " failed, retrying every " + BACKUP_RETRY.toSeconds() + "s: " + last.getLastFailure()
        + "; to upgrade without one, set the annotation " + WITHOUT_BACKUP + " to the reason";
  }

  private Progress rollout(
      TenantCluster tenant,
      UpgradeStatus upgrade,
      Optional<StatefulSet> controlPlane,
      String apiServer,
      String controllers,
      String next,
      String reason,
      String doing) {
    TenantCluster view = withUpgrade(tenant, upgrade);
    Optional<String> waiting = rolledOut(controlPlane, apiServer, controllers);
    if (waiting.isEmpty()) {
      step(upgrade, next);
      return next.equals(HEALTH_GATE)
          ? moving(view, upgrade, HEALTH_GATE_PENDING, "health gate: starting", Optional.of(POLL))
          : moving(view, upgrade, UPGRADING_COMPONENTS,
              "kube-controller-manager and kube-scheduler " + apiServer + " rolling out", Optional.of(POLL));
    }
    if (elapsed(upgrade).compareTo(STEP_TIMEOUT) > 0) {
      return fail(view, upgrade, "step " + upgrade.getStep() + " did not finish within "
          + STEP_TIMEOUT.toMinutes() + "m: " + waiting.get());
    }
    return moving(view, upgrade, reason, doing + ": " + waiting.get(), Optional.of(POLL));
  }

  private Progress healthGate(
      TenantCluster tenant,
      UpgradeStatus upgrade,
      Supplier<Optional<KubernetesClient>> tenantApi,
      String registry) {
    TenantCluster view = withUpgrade(tenant, upgrade);
    Optional<KubernetesClient> api = tenantApi.get();
    UpgradeHealthGate.Result result =
        api.map(client -> gate.check(client, registry, upgrade.getTo()))
            .orElse(new UpgradeHealthGate.Result(false, "no client for the tenant's API yet"));
    if (result.passed()) {
      // The smoke Deployment goes once this is recorded (the next reconciles, see #recent): a
      // reconcile that read a stale step finds it still Ready instead of starting over.
      String message = "upgraded from " + upgrade.getFrom() + " to " + upgrade.getTo() + " at " + now()
          + "; pre-upgrade backup: " + upgrade.getPreUpgradeBackup() + "; health gate: " + result.message();
      LOG.info("{}/{}: {}", tenant.getMetadata().getNamespace(), tenant.getMetadata().getName(), message);
      events.normal(tenant, UPGRADED, message);
      TenantCluster upgraded = withUpgrade(tenant, null);
      upgraded.getStatus().setVersion(upgrade.getTo()); // rendered at the new release from now on
      return new Progress(
          upgraded,
          Optional.of(Conditions.of(TYPE, true, UPGRADED, message, tenant.getMetadata().getGeneration())),
          upgrade.getTo(),
          false,
          Optional.of(POLL));
    }
    if (elapsed(upgrade).compareTo(GATE_TIMEOUT) > 0) {
      return fail(view, upgrade, "health gate not passed within " + GATE_TIMEOUT.toMinutes() + "m: "
          + result.message());
    }
    return moving(view, upgrade, HEALTH_GATE_PENDING, "health gate: " + result.message(), Optional.of(POLL));
  }

  private Progress fail(TenantCluster view, UpgradeStatus upgrade, String why) {
    String message = "upgrade from " + upgrade.getFrom() + " to " + upgrade.getTo() + " stopped: " + why
        + "; " + restorePath(view, upgrade);
    step(upgrade, FAILED);
    events.warning(view, UPGRADE_FAILED, message);
    LOG.warn("{}/{}: {}", view.getMetadata().getNamespace(), view.getMetadata().getName(), message);
    return new Progress(view,
        Optional.of(Conditions.of(TYPE, false, UPGRADE_FAILED, message, view.getMetadata().getGeneration())),
        upgrade.getFrom(), true, Optional.empty());
  }

  /** Stays failed, with the message it failed with, until spec.kubernetesVersion changes. */
  private Progress failed(TenantCluster tenant, UpgradeStatus upgrade) {
    Condition previous =
        previousCondition(tenant)
            .filter(c -> UPGRADE_FAILED.equals(c.getReason()))
            .orElse(Conditions.of(TYPE, false, UPGRADE_FAILED,
                "upgrade from " + upgrade.getFrom() + " to " + upgrade.getTo() + " stopped; "
                    + restorePath(tenant, upgrade), tenant.getMetadata().getGeneration()));
    return new Progress(withUpgrade(tenant, upgrade), Optional.of(previous), upgrade.getFrom(), true,
        Optional.empty());
  }

  private static String restorePath(TenantCluster tenant, UpgradeStatus upgrade) {
    String backup = upgrade.getPreUpgradeBackup();
    String ref = tenant.getMetadata().getNamespace() + "/" + tenant.getMetadata().getName();
    if (backup == null || backup.startsWith("none") || backup.startsWith("skipped")) {
      return "no backup was taken before it (" + Objects.toString(backup, "none") + "); fix the cause and"
          + " let the upgrade go on, or declare a new release of " + upgrade.getTo();
    }
    return "to go back, restore backup " + backup + " (Kubernetes " + upgrade.getFrom()
        + ") into a tenant cluster of " + upgrade.getFrom() + ": enclavectl backup restore " + ref + " " + backup;
  }

  private Progress moving(
      TenantCluster view, UpgradeStatus upgrade, String reason, String message, Optional<Duration> retry) {
    return new Progress(
        view,
        Optional.of(Conditions.of(TYPE, false, reason,
            "upgrading from " + upgrade.getFrom() + " to " + upgrade.getTo() + ": " + message,
            view.getMetadata().getGeneration())),
        upgrade.getFrom(),
        false,
        retry);
  }

  /**
   * Empty when the StatefulSet runs kube-apiserver {@code apiServer} and the other components
   * {@code controllers} on every replica, each ready; else what is still missing.
   */
  static Optional<String> rolledOut(Optional<StatefulSet> found, String apiServer, String controllers) {
    Map<String, String> wanted = Map.of(
        ControlPlaneContainers.API_SERVER, apiServer,
        ControlPlaneContainers.CONTROLLER_MANAGER, controllers,
        ControlPlaneContainers.SCHEDULER, controllers);
    String missing = found.flatMap(sts -> sts.getSpec().getTemplate().getSpec().getContainers().stream()
            .filter(c -> wanted.containsKey(c.getName()))
            .filter(c -> c.getImage() == null || !c.getImage().endsWith(":v" + wanted.get(c.getName())))
            .findFirst())
        .map(c -> c.getName() + " not yet rendered at " + wanted.get(c.getName()))
        .orElse("");
    return Rollouts.statefulSet(found, template -> missing.isEmpty(), missing);
  }

  /** Upgraded less than {@link #CLEANUP} ago: its smoke Deployment may still be there. */
  private boolean recent(Condition upgraded) {
    return upgraded.getLastTransitionTime() != null
        && Instant.parse(upgraded.getLastTransitionTime()).plus(CLEANUP).isAfter(clock.instant());
  }

  private Duration elapsed(UpgradeStatus upgrade) {
    return Duration.between(Instant.parse(upgrade.getStepStartedAt()), clock.instant());
  }

  private void step(UpgradeStatus upgrade, String step) {
    upgrade.setStep(step);
    upgrade.setStepStartedAt(now());
  }

  private String now() {
    return Conditions.timestamp(clock.instant());
  }

  /**
   * A copy of the tenant whose status carries {@code upgrade} itself (later steps of this reconcile
   * show through); the tenant is not changed.
   */
  private static TenantCluster withUpgrade(TenantCluster tenant, UpgradeStatus upgrade) {
    TenantCluster view = Serialization.clone(tenant);
    if (view.getStatus() == null) {
      view.setStatus(new TenantClusterStatus());
    }
    view.getStatus().setUpgrade(upgrade);
    return view;
  }

  private static UpgradeStatus previousUpgrade(TenantCluster tenant) {
    return tenant.getStatus() == null || tenant.getStatus().getUpgrade() == null
        ? null
        : Serialization.clone(tenant.getStatus().getUpgrade());
  }

  private static Optional<Condition> previousCondition(TenantCluster tenant) {
    return tenant.getStatus() == null
        ? Optional.empty()
        : Conditions.find(tenant.getStatus().getConditions(), TYPE);
  }

}
