package dev.enclave.operator.grant;

import static dev.enclave.operator.grant.GrantObjects.accessReady;

import dev.enclave.api.v1alpha1.AccessGrant;
import dev.enclave.api.v1alpha1.AccessGrantStatus;
import dev.enclave.api.v1alpha1.Jurisdiction;
import dev.enclave.api.v1alpha1.TenantCluster;
import dev.enclave.core.compliance.ComplianceRules;
import dev.enclave.core.compliance.GoDurations;
import dev.enclave.core.compliance.Violation;
import dev.enclave.core.model.Declared;
import dev.enclave.core.model.Platform;
import dev.enclave.operator.OperatorConfig;
import dev.enclave.operator.status.Conditions;
import dev.enclave.operator.status.StatusPatch;
import dev.enclave.operator.status.TenantEvents;
import dev.enclave.operator.tenant.TenantAccess;
import dev.enclave.operator.tenant.TenantApiClients;
import dev.enclave.operator.tenant.TenantConditions;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes an AccessGrant so: judges it with the compliance rules, waits for its tenant's API, then
 * binds the grant's user to {@code view}, {@code edit} or {@code admin} in the tenant cluster and
 * delivers a client certificate valid for exactly the grant's window in a kubeconfig Secret next
 * to the grant ({@link GrantObjects}). At the end of the window (requeued for that instant) and on
 * deletion it removes both; a binding it cannot remove is retried and said in status, never left
 * behind silently. A steady state writes nothing.
 */
public final class AccessGrantReconciler implements Reconciler<AccessGrant>, Cleaner<AccessGrant> {
  public static final String NAME = "accessgrant";
  private static final Logger LOG = LoggerFactory.getLogger(AccessGrantReconciler.class);

  /**
   * How soon a grant waiting for its tenant's API, or failing to issue, is tried again; sooner
   * where the operator resyncs sooner ({@link #retry}).
   */
  public static final Duration RETRY = Duration.ofSeconds(30);

  /** Bounds of the back-off while a deleted grant's binding cannot be removed. */
  static final Duration MIN_DELETE_RETRY = Duration.ofSeconds(5);

  static final Duration MAX_DELETE_RETRY = Duration.ofMinutes(5);

  private static final String BY_TENANT = "byTenantCluster";

  private final OperatorConfig config;
  private final Clock clock;
  /** {@link #RETRY}, or the resync period where that is shorter: never later than a resync. */
  private final Duration retry;
  private final GrantStatuses statuses;
  private final GrantKubeconfigs kubeconfigs;
  private final TenantGrantBindings bindings;
  private InformerEventSource<TenantCluster, AccessGrant> tenants;
  private InformerEventSource<Jurisdiction, AccessGrant> jurisdictions;
  private KubernetesClient host;
  private GrantObjects objects;
  private GrantEvents events;

  public AccessGrantReconciler(OperatorConfig config, Clock clock, TenantApiClients tenantApis) {
    this(config, clock, tenantApis, new SecureRandom());
  }

  public AccessGrantReconciler(
      OperatorConfig config, Clock clock, TenantApiClients tenantApis, SecureRandom random) {
    this.config = config;
    this.clock = clock;
    Duration resync = config.resyncPeriod();
    this.retry = resync != null && !resync.isNegative() && !resync.isZero() && resync.compareTo(RETRY) < 0 ? resync : RETRY;
    this.statuses = new GrantStatuses(clock);
    this.kubeconfigs = new GrantKubeconfigs(random);
    this.bindings = new TenantGrantBindings(tenantApis);
  }

  /** TenantClusters (their TenantAccessReady) and Jurisdictions (their adminGroups) wake grants. */
  @Override
  public List<EventSource<?, AccessGrant>> prepareEventSources(
      EventSourceContext<AccessGrant> context) {
    var grants = context.getPrimaryCache();
    grants.addIndexer(BY_TENANT, g -> List.of(GrantNames.tenantKey(g)));
    var tenantConfig =
        InformerEventSourceConfiguration.from(TenantCluster.class, AccessGrant.class)
            .withName("tenantclusters")
            .withSecondaryToPrimaryMapper(
                (TenantCluster t) ->
                    grants.byIndex(BY_TENANT, key(t)).stream()
                        .map(ResourceID::fromResource)
                        .collect(Collectors.toSet()))
            .withOnUpdateFilter(
                (TenantCluster n, TenantCluster o) ->
                    accessReady(n) != accessReady(o) || !Objects.equals(n.getSpec(), o.getSpec()))
            .build();
    tenants = new InformerEventSource<>(tenantConfig, context);
    var jurisdictionConfig =
        InformerEventSourceConfiguration.from(Jurisdiction.class, AccessGrant.class)
            .withName("jurisdictions")
            .withSecondaryToPrimaryMapper(
                (Jurisdiction j) ->
                    grants.list().map(ResourceID::fromResource).collect(Collectors.toSet()))
            .withOnUpdateFilter(
                (Jurisdiction n, Jurisdiction o) -> !Objects.equals(n.getSpec(), o.getSpec()))
            .build();
    jurisdictions = new InformerEventSource<>(jurisdictionConfig, context);
    host = context.getClient();
    objects = new GrantObjects(host, bindings, kubeconfigs);
    events = new GrantEvents(new TenantEvents(host, clock));
    return List.of(tenants, jurisdictions);
  }

  @Override
  public UpdateControl<AccessGrant> reconcile(AccessGrant grant, Context<AccessGrant> context) {
    Instant now = clock.instant();
    Optional<GrantWindow> recorded = GrantWindow.recorded(grant.getStatus());
    Optional<TenantCluster> tenant = tenantOf(grant);
    if (recorded.isPresent() && recorded.get().over(now)) {
      return expire(grant, tenant, recorded.get());
    }
    if (tenant.isEmpty() && grant.getSpec() != null && grant.getSpec().getTenantCluster() != null) {
      objects.revoke(grant, tenant);
      return pending(
          grant,
          Optional.empty(),
          GrantConditions.WAITING_FOR_TENANT_CLUSTER,
          "waiting for TenantCluster "
              + GrantNames.tenantKey(grant)
              + " (spec.tenantCluster): not found");
    }
    List<Violation> violations = judge(grant, tenant);
    if (!violations.isEmpty()) {
      return deny(grant, tenant, violations);
    }
    String jurisdiction = tenant.get().getSpec().getJurisdiction();
    if (!config.serves(jurisdiction)) {
      return pending(
          grant,
          Optional.of(true),
          GrantConditions.JURISDICTION_NOT_SERVED,
          "tenant cluster "
              + GrantNames.tenantKey(grant)
              + " is in jurisdiction "
              + jurisdiction
              + "; this operator serves "
              + config.jurisdictions());
    }
    if (!accessReady(tenant.get())) {
      Optional<UpdateControl<AccessGrant>> active = stayActive(grant, recorded, now);
      if (active.isPresent()) {
        return active.get();
      }
      return pending(
              grant,
              Optional.of(true),
              GrantConditions.WAITING_FOR_TENANT_ACCESS,
              "waiting for TenantCluster "
                  + GrantNames.tenantKey(grant)
                  + " to be "
                  + TenantConditions.TENANT_ACCESS_READY)
          .rescheduleAfter(retry);
    }
    return issue(grant, tenant.get(), recorded, now);
  }

  /** The same rules as {@code enclavectl check} and the webhook, on the grant and its tenant. */
  private List<Violation> judge(AccessGrant grant, Optional<TenantCluster> tenant) {
    Platform around =
        new Platform(
            jurisdictions.list().map(Declared::live).toList(),
            List.of(),
            tenant.map(Declared::live).stream().toList(),
            List.of(Declared.live(grant)));
    return ComplianceRules.forObject(ComplianceRules.evaluate(around), grant);
  }

  private UpdateControl<AccessGrant> issue(
      AccessGrant grant, TenantCluster tenant, Optional<GrantWindow> recorded, Instant now) {
    Secret existing = objects.secret(grant);
    if (existing != null && !GrantKubeconfigs.ownedBy(existing, grant)) {
      return failed(
          grant,
          "Secret "
              + GrantObjects.secretKey(grant)
              + " exists and is not this grant's (no owner reference to AccessGrant "
              + grant.getMetadata().getName()
              + "); delete or rename it");
    }
    GrantWindow window =
        recorded
            .or(() -> GrantWindow.annotated(existing))
            .orElseGet(() -> GrantWindow.starting(now, duration(grant)));
    if (window.over(now)) {
      return expire(grant, Optional.of(tenant), window);
    }
    Optional<String> problem = objects.bind(grant, tenant, window);
    if (problem.isEmpty() && (existing == null || objects.staleAfterCaRotation(existing, tenant))) {
      problem = objects.deliver(grant, tenant, window);
    }
    if (problem.isPresent()) {
      return failed(grant, problem.get());
    }
    if (!GrantConditions.PHASE_ACTIVE.equals(phase(grant))) {
      events.granted(grant, window);
    }
    // At the instant the window ends, or at the resync if that comes first (it checks the binding).
    Duration untilExpiry = atLeastOneMilli(window.remaining(now));
    return withStatus(grant, statuses.active(grant, window))
        .rescheduleAfter(
            untilExpiry.compareTo(config.resyncPeriod()) < 0 ? untilExpiry : config.resyncPeriod());
  }

  private UpdateControl<AccessGrant> deny(
      AccessGrant grant, Optional<TenantCluster> tenant, List<Violation> violations) {
    boolean settled =
        GrantConditions.DENIED.equals(phase(grant))
            && GrantConditions.DENIED_REASON.equals(activeReason(grant));
    Optional<String> problem = settled ? Optional.empty() : objects.revoke(grant, tenant);
    if (!GrantConditions.DENIED.equals(phase(grant))) {
      events.denied(grant, violations);
    }
    UpdateControl<AccessGrant> control =
        withStatus(grant, statuses.denied(grant, violations, problem));
    return problem.isPresent() ? control.rescheduleAfter(retry) : control;
  }

  /** Once Expired with everything removed, a grant is left alone: no reads, no writes. */
  private UpdateControl<AccessGrant> expire(
      AccessGrant grant, Optional<TenantCluster> tenant, GrantWindow window) {
    if (GrantConditions.EXPIRED.equals(phase(grant))
        && GrantConditions.EXPIRED_REASON.equals(activeReason(grant))) {
      return UpdateControl.noUpdate();
    }
    Optional<String> problem = objects.revoke(grant, tenant);
    AccessGrantStatus status = statuses.expired(grant, window, problem);
    if (problem.isPresent()) {
      if (!status.equals(grant.getStatus())) {
        events.revocationFailed(grant, problem.get());
      }
      return withStatus(grant, status).rescheduleAfter(retry);
    }
    events.expired(grant, window);
    return withStatus(grant, status);
  }

  @Override
  public DeleteControl cleanup(AccessGrant grant, Context<AccessGrant> context) {
    Optional<String> problem = objects.revoke(grant, tenantOf(grant));
    if (problem.isEmpty()) {
      if (GrantConditions.PHASE_ACTIVE.equals(phase(grant))) {
        events.revoked(grant);
      }
      return DeleteControl.defaultDelete();
    }
    AccessGrantStatus status = statuses.revocationPending(grant, "deleting: " + problem.get());
    if (!status.equals(grant.getStatus())) {
      events.revocationFailed(grant, "deleting: " + problem.get());
      patchStatus(grant, status);
    }
    return DeleteControl.noFinalizerRemoval().rescheduleAfter(deleteRetry(grant).toMillis());
  }

  /** Doubles with the time since deletion began, from five seconds to five minutes. */
  private Duration deleteRetry(AccessGrant grant) {
    String since = grant.getMetadata().getDeletionTimestamp();
    Duration elapsed =
        since == null ? Duration.ZERO : Duration.between(Instant.parse(since), clock.instant());
    if (elapsed.compareTo(MIN_DELETE_RETRY) < 0) {
      return MIN_DELETE_RETRY;
    }
    return elapsed.compareTo(MAX_DELETE_RETRY) > 0 ? MAX_DELETE_RETRY : elapsed;
  }

  /** A cleanup cannot return a status: it is patched here, and a refusal only logged. */
  private void patchStatus(AccessGrant grant, AccessGrantStatus status) {
    try {
      host.resources(AccessGrant.class)
          .inNamespace(grant.getMetadata().getNamespace())
          .withName(grant.getMetadata().getName())
          .editStatus(
              g -> {
                g.setStatus(status);
                return g;
              });
    } catch (KubernetesClientException e) {
      LOG.warn("{}: cannot write status: {}", GrantNames.key(grant), TenantAccess.oneLine(e));
    }
  }

  @Override
  public ErrorStatusUpdateControl<AccessGrant> updateErrorStatus(
      AccessGrant grant, Context<AccessGrant> context, Exception e) {
    LOG.warn("{}: reconcile failed: {}", GrantNames.key(grant), TenantAccess.oneLine(e));
    AccessGrantStatus status =
        statuses.pending(
            grant,
            Optional.empty(),
            GrantConditions.ISSUE_FAILED,
            "reconcile failed: " + TenantAccess.oneLine(e));
    if (Objects.equals(status, grant.getStatus())) {
      return ErrorStatusUpdateControl.noStatusUpdate();
    }
    return ErrorStatusUpdateControl.patchStatus(StatusPatch.of(grant, status));
  }

  private UpdateControl<AccessGrant> failed(AccessGrant grant, String problem) {
    LOG.warn("{}: not issued: {}", GrantNames.key(grant), problem);
    return stayActive(grant, GrantWindow.recorded(grant.getStatus()), clock.instant())
        .orElseGet(
            () ->
                pending(grant, Optional.of(true), GrantConditions.ISSUE_FAILED, problem)
                    .rescheduleAfter(retry));
  }

  /**
   * An issued grant whose tenant's API cannot be reached or checked stays Active: its binding and
   * certificate stand. It is looked at again within {@link #retry}, and no later than the end of
   * its window, so it expires on time even while the API is down.
   */
  private Optional<UpdateControl<AccessGrant>> stayActive(
      AccessGrant grant, Optional<GrantWindow> recorded, Instant now) {
    if (!GrantConditions.PHASE_ACTIVE.equals(phase(grant)) || recorded.isEmpty()) {
      return Optional.empty();
    }
    Duration untilExpiry = atLeastOneMilli(recorded.get().remaining(now));
    return Optional.of(
        UpdateControl.<AccessGrant>noUpdate()
            .rescheduleAfter(untilExpiry.compareTo(retry) < 0 ? untilExpiry : retry));
  }

  private UpdateControl<AccessGrant> pending(
      AccessGrant grant, Optional<Boolean> compliant, String reason, String message) {
    return withStatus(grant, statuses.pending(grant, compliant, reason, message));
  }

  private Optional<TenantCluster> tenantOf(AccessGrant grant) {
    if (grant.getSpec() == null || grant.getSpec().getTenantCluster() == null) {
      return Optional.empty();
    }
    return tenants.get(
        new ResourceID(grant.getSpec().getTenantCluster(), grant.getMetadata().getNamespace()));
  }

  /** The rules have passed, so the duration parses and is at most 8h. */
  private static Duration duration(AccessGrant grant) {
    return GoDurations.parse(grant.getSpec().getDuration()).orElseThrow();
  }

  private static String key(TenantCluster tenant) {
    return tenant.getMetadata().getNamespace() + "/" + tenant.getMetadata().getName();
  }

  private static String phase(AccessGrant grant) {
    return grant.getStatus() == null ? null : grant.getStatus().getPhase();
  }

  private static String activeReason(AccessGrant grant) {
    return grant.getStatus() == null
        ? null
        : Conditions.find(grant.getStatus().getConditions(), GrantConditions.ACTIVE)
            .map(c -> c.getReason())
            .orElse(null);
  }

  private static Duration atLeastOneMilli(Duration d) {
    return d.compareTo(Duration.ofMillis(1)) < 0 ? Duration.ofMillis(1) : d;
  }

  private static UpdateControl<AccessGrant> withStatus(
      AccessGrant grant, AccessGrantStatus status) {
    if (status.equals(grant.getStatus())) {
      return UpdateControl.noUpdate();
    }
    return UpdateControl.patchStatus(StatusPatch.of(grant, status));
  }
}
