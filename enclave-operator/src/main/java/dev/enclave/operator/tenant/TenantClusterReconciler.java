package dev.enclave.operator.tenant;

import dev.enclave.api.v1alpha1.Jurisdiction;
import dev.enclave.api.v1alpha1.TenantCluster;
import dev.enclave.api.v1alpha1.TenantClusterStatus;
import dev.enclave.core.compliance.ComplianceRules;
import dev.enclave.core.compliance.Violation;
import dev.enclave.core.controlplane.ControlPlaneModel;
import dev.enclave.core.controlplane.HostNames;
import dev.enclave.core.model.Platform;
import dev.enclave.core.observed.DriftFinding;
import dev.enclave.operator.OperatorConfig;
import dev.enclave.operator.backup.BackupDeletion;
import dev.enclave.operator.backup.TenantBackups;
import dev.enclave.operator.drift.DriftInformers;
import dev.enclave.operator.drift.DriftWatch;
import dev.enclave.operator.host.HostObjects;
import dev.enclave.operator.host.Outcome;
import dev.enclave.operator.ops.DriftMetrics;
import dev.enclave.operator.ops.TenantCensus;
import dev.enclave.operator.platform.CachedPlatform;
import dev.enclave.operator.platform.PlatformIndexes;
import dev.enclave.operator.status.Conditions;
import dev.enclave.operator.status.StatusPatch;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import dev.enclave.operator.status.TenantEvents;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import java.net.HttpURLConnection;
import java.time.Clock;
import java.time.Duration;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a TenantCluster so on this host: judges it with the compliance rules, refuses foreign
 * jurisdictions, provisions the host objects and key material, and reports status. Nothing is
 * written when nothing changed, and nothing at all is written to the host for a tenant that breaks
 * a rule or belongs elsewhere.
 */
public final class TenantClusterReconciler
    implements Reconciler<TenantCluster>, Cleaner<TenantCluster> {
  public static final String NAME = "tenantcluster";
  private static final Logger LOG = LoggerFactory.getLogger(TenantClusterReconciler.class);

  /** How soon a tenant whose API did not take its RBAC is tried again. */
  public static final Duration ACCESS_RETRY = Duration.ofSeconds(30);

  /**
   * Sooner in the first minute after its control plane became ready: its API server may still be
   * finishing its own start-up (RBAC bootstrap) when the pod first counts as ready.
   */
  public static final Duration EARLY_ACCESS_RETRY = Duration.ofSeconds(2);

  private static final Duration EARLY = Duration.ofMinutes(1);

  private final OperatorConfig config;
  private final TenantStatuses statuses;
  private final ControlPlaneRenderer renderer;
  private final TenantSecrets secrets;
  private TenantProvisioner provisioner;
  private TenantDataStores storeShares;
  private final Monitoring monitoring;
  private final TenantCensus census;
  private final DriftMetrics driftMetrics;
  private final Clock clock;
  private final TenantAccess access;
  private CachedPlatform platform;
  private DriftWatch drift;
  private HostObjects host;
  private TenantTeardown teardown;
  private TenantEvents events;
  private TenantBackups backups;
  private BackupDeletion backupDeletion;
  private TenantUpgrades upgrades;
  private TenantCaRotation caRotations;
  private final UpgradeHealthGate healthGate;

  public TenantClusterReconciler(
      OperatorConfig config,
      TenantStatuses statuses,
      ControlPlaneRenderer renderer,
      TenantSecrets secrets,
      Monitoring monitoring,
      TenantCensus census,
      DriftMetrics driftMetrics,
      Clock clock,
      TenantApiClients tenantApis,
      UpgradeHealthGate healthGate) {
    this.healthGate = healthGate;
    this.config = config;
    this.statuses = statuses;
    this.monitoring = monitoring;
    this.renderer = renderer;
    this.secrets = secrets;
    this.census = census;
    this.driftMetrics = driftMetrics;
    this.clock = clock;
    this.access = new TenantAccess(tenantApis);
  }

  /** Annotations that ask for something without changing spec (so without a new generation). */
  private static final List<String> REQUESTS =
      List.of(
          TenantCaRotation.ROTATE_CA,
          TenantCaRotation.ROTATE_CA_OVERLAP,
          TenantUpgrades.WITHOUT_BACKUP,
          TenantMigration.MIGRATE_TO,
          TenantMigration.MIGRATED_TO);

  /**
   * Which updates of a TenantCluster are reconciled: a new generation (spec), deletion, a changed
   * finalizer, or a changed request annotation ({@link #REQUESTS}); never the operator's own
   * status writes. Registered with generation awareness off, as this filter replaces it.
   */
  public static boolean worthReconciling(TenantCluster now, TenantCluster before) {
    Long generation = now.getMetadata().getGeneration();
    Long previous = before.getMetadata().getGeneration();
    if (generation == null || previous == null || generation > previous) {
      return true;
    }
    if (now.isMarkedForDeletion()
        || !Objects.equals(now.getMetadata().getFinalizers(), before.getMetadata().getFinalizers())) {
      return true;
    }
    return REQUESTS.stream()
        .anyMatch(key -> !Objects.equals(TenantAnnotations.value(now, key), TenantAnnotations.value(before, key)));
  }

  @Override
  public List<EventSource<?, TenantCluster>> prepareEventSources(
      EventSourceContext<TenantCluster> context) {
    PlatformIndexes.addTo(context.getPrimaryCache());
    var jurisdictions = CatalogSources.jurisdictions(context, PlatformIndexes.BY_JURISDICTION);
    var dataStores = CatalogSources.dataStores(context, PlatformIndexes.BY_DATA_STORE);
    var hostInformers = HostKinds.informers(context, monitoring);
    platform = new CachedPlatform(jurisdictions, dataStores, context.getPrimaryCache());
    host = new HostObjects(context.getClient(), hostInformers);
    storeShares = new TenantDataStores(context.getClient(), config.operatorNamespace(), clock, new SecureRandom());
    provisioner =
        new TenantProvisioner(
            renderer, monitoring, new BackupAccess(config.operatorNamespace()), secrets, storeShares);
    teardown = new TenantTeardown(context.getClient(), storeShares);
    events = new TenantEvents(context.getClient(), clock);
    backups = TenantBackups.forHost(context.getClient(), config.operatorNamespace(), clock);
    backupDeletion = BackupDeletion.forHost(context.getClient(), backups, clock);
    upgrades = new TenantUpgrades(clock, backups, events, healthGate);
    caRotations = new TenantCaRotation(clock, secrets, events);
    DriftInformers driftInformers = DriftInformers.create(context);
    drift = new DriftWatch(driftInformers, context.getClient(), clock, driftMetrics);
    List<EventSource<?, TenantCluster>> sources = new ArrayList<>(hostInformers.values());
    sources.addAll(driftInformers.sources());
    sources.add(jurisdictions);
    sources.add(dataStores);
    return sources;
  }

  @Override
  public UpdateControl<TenantCluster> reconcile(TenantCluster tenant, Context<TenantCluster> ctx) {
    Platform around = platform.around(tenant);
    List<Violation> violations =
        ComplianceRules.forObject(ComplianceRules.evaluate(around), tenant);
    TenantClusterStatus status;
    Optional<Duration> nextBackup = Optional.empty();
    Optional<Duration> upgradeRetry = Optional.empty();
    Optional<Duration> rotationRetry = Optional.empty();
    if (!violations.isEmpty()) {
      status = backups.carry(tenant, statuses.nonCompliant(tenant, violations));
    } else if (!config.serves(tenant.getSpec().getJurisdiction())) {
      status = backups.carry(tenant, statuses.notServed(tenant, config.jurisdictions()));
    } else {
      TenantUpgrades.Progress upgrade = upgrade(tenant, around);
      TenantCaRotation.Progress rotation = caRotations.advance(upgrade.view(), host, ready(tenant));
      boolean moving = TenantMigration.movingTo(tenant) != null;
      TenantCluster rendered = moving ? TenantMigration.stopped(rotation.view()) : rotation.view();
      status = provision(rendered, around, upgrade);
      rotation.applyTo(status, clock);
      if (moving) {
        TenantMigration.applyTo(status, tenant, clock);
      }
      rotationRetry = rotation.retry();
      // Sooner than the resync only: rescheduling later would hold the resync back.
      nextBackup =
          backups.reconcile(upgrade.view(), status).filter(d -> d.compareTo(config.resyncPeriod()) < 0);
      upgradeRetry = upgrade.retry();
    }
    census.record(
        TenantCluster.KIND,
        PlatformIndexes.key(tenant),
        status.getPhase(),
        tenant.getSpec().getJurisdiction(),
        violations.size());
    UpdateControl<TenantCluster> control = withStatus(tenant, status);
    Optional<Duration> retry = Optional.empty();
    if (waitingForTenantApi(status)) {
      retry = Optional.of(justReady(status) ? EARLY_ACCESS_RETRY : ACCESS_RETRY);
    } else if (waitingForDataStore(status)) {
      retry = Optional.of(ACCESS_RETRY);
    }
    return TenantBackups.sooner(
            TenantBackups.sooner(TenantBackups.sooner(retry, nextBackup), upgradeRetry), rotationRetry)
        .map(control::rescheduleAfter)
        .orElse(control);
  }

  /** Where the tenant's version stands, from the control plane as last rendered. */
  private TenantUpgrades.Progress upgrade(TenantCluster tenant, Platform around) {
    Jurisdiction jurisdiction =
        around.jurisdiction(tenant.getSpec().getJurisdiction()).orElseThrow();
    var controlPlane =
        host.cached(
            StatefulSet.class, HostNames.hostNamespace(tenant), HostNames.controlPlane(tenant));
    return upgrades.advance(
        tenant,
        controlPlane,
        () -> access.client(tenant, bootstrapKubeconfig(tenant)),
        ControlPlaneModel.registry(jurisdiction));
  }

  /** Whether the control plane serves, from its StatefulSet as last rendered. */
  private boolean ready(TenantCluster tenant) {
    return ControlPlaneHealth.of(
            tenant,
            host.cached(
                StatefulSet.class, HostNames.hostNamespace(tenant), HostNames.controlPlane(tenant)))
        .ready();
  }

  /** Whether the control plane became ready less than a minute ago. */
  private boolean justReady(TenantClusterStatus status) {
    return Conditions.find(status.getConditions(), TenantConditions.CONTROL_PLANE_READY)
        .map(c -> c.getLastTransitionTime())
        .filter(java.util.Objects::nonNull)
        .map(since -> java.time.Instant.parse(since).plus(EARLY).isAfter(clock.instant()))
        .orElse(false);
  }

  /** The tenant's shared store could not be provisioned (unreachable, no credentials): try again. */
  private static boolean waitingForDataStore(TenantClusterStatus status) {
    return Conditions.isTrue(status.getConditions(), TenantConditions.COMPLIANT)
        && Conditions.find(status.getConditions(), TenantConditions.DATA_STORE_READY)
            .filter(c -> Conditions.FALSE.equals(c.getStatus())
                && !TenantConditions.WAITING_FOR_CONTROL_PLANE.equals(c.getReason()))
            .isPresent();
  }

  /** The control plane serves but its API refused or did not answer: try again soon. */
  private static boolean waitingForTenantApi(TenantClusterStatus status) {
    return Conditions.isTrue(status.getConditions(), TenantConditions.CONTROL_PLANE_READY)
        && (!Conditions.isTrue(status.getConditions(), TenantConditions.TENANT_ACCESS_READY)
            || TenantPolicyState.retrying(status.getConditions()));
  }

  /** Called once the rules passed against {@code around}, so its references resolve. */
  private TenantClusterStatus provision(
      TenantCluster tenant, Platform around, TenantUpgrades.Progress upgrade) {
    Jurisdiction jurisdiction =
        around.jurisdiction(tenant.getSpec().getJurisdiction()).orElseThrow();
    List<DriftFinding> seen = drift.detect(tenant, jurisdiction, auditWebhook(tenant));
    TenantProvisioner.Result provisioned = provisioner.provision(tenant, around, host);
    Map<Outcome, Integer> outcomes = provisioned.outcomes();
    boolean wrote =
        outcomes.getOrDefault(Outcome.CREATED, 0)
                + outcomes.getOrDefault(Outcome.UPDATED, 0)
                + outcomes.getOrDefault(Outcome.DELETED, 0)
            > 0;
    if (wrote) {
      LOG.info(
          "{}/{}: host objects {}",
          tenant.getMetadata().getNamespace(),
          tenant.getMetadata().getName(),
          outcomes);
    }
    List<DriftFinding> remaining =
        wrote ? drift.detect(tenant, jurisdiction, auditWebhook(tenant)) : seen;
    drift.report(tenant, seen, remaining);
    var controlPlane =
        host.cached(
            StatefulSet.class, HostNames.hostNamespace(tenant), HostNames.controlPlane(tenant));
    TenantAccessState tenantAccess =
        ControlPlaneHealth.of(tenant, controlPlane).ready()
            ? access.ensure(tenant, bootstrapKubeconfig(tenant))
            : TenantAccessState.WAITING;
    TenantPolicyState policy =
        tenantAccess.ready()
            ? access.ensurePolicies(tenant, jurisdiction, bootstrapKubeconfig(tenant))
            : TenantPolicyState.waiting(tenant, tenantAccess);
    return statuses.provisioned(
        tenant, controlPlane, remaining, tenantAccess, provisioned.dataStore(), policy, upgrade);
  }

  /** The operator's own {@code system:masters} credential: the tenant's RBAC does not exist yet. */
  private Optional<Secret> bootstrapKubeconfig(TenantCluster tenant) {
    return host.cached(
        Secret.class, HostNames.hostNamespace(tenant), HostNames.bootstrapKubeconfigSecret(tenant));
  }

  private Optional<ConfigMap> auditWebhook(TenantCluster tenant) {
    return host.cached(
        ConfigMap.class, HostNames.hostNamespace(tenant), HostNames.auditWebhookConfigMap(tenant));
  }

  @Override
  public DeleteControl cleanup(TenantCluster tenant, Context<TenantCluster> context) {
    // Moved to another host: it runs there on the same store share, with the same backups.
    Optional<Duration> finalBackup =
        TenantMigration.movedAway(tenant) ? Optional.empty() : backupDeletion.beforeTeardown(tenant);
    if (finalBackup.isPresent()) {
      return DeleteControl.noFinalizerRemoval().rescheduleAfter(finalBackup.get().toMillis());
    }
    DeleteControl control = teardown.run(tenant);
    if (control.isRemoveFinalizer()) {
      census.forget(TenantCluster.KIND, PlatformIndexes.key(tenant));
      drift.forget(tenant);
      access.forget(tenant);
      backups.forget(tenant);
    }
    return control;
  }

  @Override
  public ErrorStatusUpdateControl<TenantCluster> updateErrorStatus(
      TenantCluster tenant, Context<TenantCluster> context, Exception e) {
    LOG.warn(
        "{}/{}: reconcile failed: {}",
        tenant.getMetadata().getNamespace(),
        tenant.getMetadata().getName(),
        e.toString());
    if (conflict(e)) {
      return ErrorStatusUpdateControl.noStatusUpdate(); // read a stale copy: retried on the fresh one
    }
    TenantClusterStatus status = statuses.failed(tenant, e);
    if (Objects.equals(status, tenant.getStatus())) {
      return ErrorStatusUpdateControl.noStatusUpdate();
    }
    Conditions.find(status.getConditions(), TenantConditions.READY)
        .filter(ready -> TenantConditions.PERMISSION_DENIED.equals(ready.getReason()))
        .ifPresent(ready -> events.warning(tenant, ready.getReason(), ready.getMessage()));
    return ErrorStatusUpdateControl.patchStatus(statusPatch(tenant, status));
  }

  private static UpdateControl<TenantCluster> withStatus(
      TenantCluster tenant, TenantClusterStatus status) {
    if (status.equals(tenant.getStatus())) {
      return UpdateControl.noUpdate();
    }
    return UpdateControl.patchStatus(statusPatch(tenant, status));
  }

  /**
   * Status is otherwise a function of what the operator observes and is applied without a lock; an
   * upgrade's or a CA rotation's progress is state, so while one is (or was just) under way the
   * write is refused when the tenant changed since it was read.
   */
  private static TenantCluster statusPatch(TenantCluster tenant, TenantClusterStatus status) {
    boolean stateful =
        underway(status)
            || (tenant.getStatus() != null && underway(tenant.getStatus()))
            || TenantCaRotation.requested(tenant);
    return stateful ? StatusPatch.locked(tenant, status) : StatusPatch.of(tenant, status);
  }

  private static boolean underway(TenantClusterStatus status) {
    return status.getUpgrade() != null
        || (status.getCaRotation() != null && status.getCaRotation().getCompletedAt() == null);
  }

  private static boolean conflict(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof KubernetesClientException k && k.getCode() == HttpURLConnection.HTTP_CONFLICT) {
        return true;
      }
    }
    return false;
  }
}
