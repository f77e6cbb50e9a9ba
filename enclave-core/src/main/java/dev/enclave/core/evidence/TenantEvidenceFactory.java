package dev.enclave.core.evidence;

import dev.enclave.api.v1alpha1.AccessGrant;
import dev.enclave.api.v1alpha1.Jurisdiction;
import dev.enclave.api.v1alpha1.TenantCluster;
import dev.enclave.api.v1alpha1.TenantClusterSpec;
import dev.enclave.core.compliance.ComplianceRules;
import dev.enclave.core.compliance.PolicyBundles;
import dev.enclave.core.compliance.Violation;
import dev.enclave.core.evidence.ObservedEvidence.PodEvidence;
import dev.enclave.core.gitops.Provenance;
import dev.enclave.core.model.Declared;
import dev.enclave.core.model.Platform;
import dev.enclave.core.model.SourceLocation;
import dev.enclave.core.observed.AuditObservations;
import dev.enclave.core.observed.DriftFinding;
import dev.enclave.core.observed.Observations;
import dev.enclave.core.observed.ObservedAuditLog;
import dev.enclave.core.observed.ObservedPod;
import dev.enclave.core.observed.ObservedTenant;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Builds the evidence of each tenant cluster, with its grants, violations, observations and what
 * its audit sink received.
 */
final class TenantEvidenceFactory {
  static final String UNASSIGNED = "(none)";

  private final Platform platform;
  private final List<Violation> violations;
  private final List<DriftFinding> drift;
  private final Map<String, ObservedTenant> observed;
  private final Optional<AuditObservations> audit;
  private final Provenance provenance;
  private final Destinations destinations;
  private final TenantFacts facts;
  private final Instant now;

  TenantEvidenceFactory(
      Platform platform,
      List<Violation> violations,
      Optional<Observations> observations,
      Map<String, ObservedTenant> observed,
      Optional<AuditObservations> audit,
      Provenance provenance,
      Destinations destinations,
      Instant now) {
    this.platform = platform;
    this.violations = violations;
    this.drift = observations.map(Observations::drift).orElse(List.of());
    this.observed = observed;
    this.audit = audit;
    this.provenance = provenance;
    this.destinations = destinations;
    this.facts = new TenantFacts(destinations);
    this.now = now;
  }

  static String jurisdictionOf(TenantCluster tenant) {
    String name = tenant.getSpec() == null ? null : tenant.getSpec().getJurisdiction();
    return name == null || name.isBlank() ? UNASSIGNED : name;
  }

  /** The tenant clusters of one jurisdiction, by namespace and name. */
  List<TenantEvidence> in(String jurisdiction) {
    return platform.tenantClusters().stream()
        .filter(t -> t.object().getSpec() != null)
        .filter(t -> jurisdictionOf(t.object()).equals(jurisdiction))
        .sorted(
            EvidenceBuilder.<Declared<TenantCluster>>by(Declared::namespace)
                .thenComparing(EvidenceBuilder.by(Declared::name)))
        .map(this::tenant)
        .toList();
  }

  private TenantEvidence tenant(Declared<TenantCluster> declared) {
    TenantCluster tenant = declared.object();
    TenantClusterSpec spec = tenant.getSpec();
    String own = jurisdictionOf(tenant);
    Optional<Jurisdiction> jurisdiction = platform.jurisdiction(own);
    Optional<ObservedTenant> seen =
        Optional.ofNullable(observed.get(declared.namespace() + "/" + declared.name()));
    return new TenantEvidence(
        declared.namespace(),
        declared.name(),
        own,
        spec.getKubernetesVersion(),
        TenantFacts.replicas(tenant),
        JurisdictionFacts.placementOf(jurisdiction),
        facts.store(own, spec),
        facts.backup(own, spec, seen),
        facts.audit(own, spec, received(declared)),
        TenantFacts.kmsEndpoint(jurisdiction),
        spec.getPolicy() == null ? null : PolicyBundles.engine(spec.getPolicy().getEngine()),
        spec.getPolicy() == null ? List.of() : TenantFacts.orEmpty(spec.getPolicy().getBundles()),
        grants(declared),
        ComplianceRules.forObject(violations, tenant).stream().map(ViolationEvidence::of).toList(),
        drift.stream()
            .filter(d -> Objects.equals(d.tenantNamespace(), declared.namespace()))
            .filter(d -> Objects.equals(d.tenantName(), declared.name()))
            .toList(),
        seen.map(o -> observedEvidence(own, o)).orElse(null),
        declared.location(),
        provenance.commitsOf(fileOf(declared.location())));
  }

  /** What the audit sink stored for the tenant; null when no audit directory was read. */
  private ObservedAuditLog received(Declared<TenantCluster> tenant) {
    return audit
        .map(
            a ->
                a.tenants()
                    .getOrDefault(
                        tenant.namespace() + "/" + tenant.name(), ObservedAuditLog.nothingIn(null)))
        .orElse(null);
  }

  private List<GrantEvidence> grants(Declared<TenantCluster> tenant) {
    return platform.accessGrants().stream()
        .filter(g -> Objects.equals(g.namespace(), tenant.namespace()))
        .filter(g -> g.object().getSpec() != null)
        .filter(g -> Objects.equals(g.object().getSpec().getTenantCluster(), tenant.name()))
        .sorted(EvidenceBuilder.by(Declared::name))
        .map(this::grant)
        .toList();
  }

  private GrantEvidence grant(Declared<AccessGrant> declared) {
    var spec = declared.object().getSpec();
    GrantStates.State state = GrantStates.of(declared.object(), now);
    return new GrantEvidence(
        declared.namespace(),
        declared.name(),
        spec.getTenantCluster(),
        spec.getGroup(),
        spec.getRole(),
        spec.getDuration(),
        spec.getJustification(),
        state.state(),
        state.grantedAt(),
        state.expiresAt(),
        declared.location(),
        provenance.commitsOf(fileOf(declared.location())));
  }

  private ObservedEvidence observedEvidence(String own, ObservedTenant tenant) {
    List<PodEvidence> pods =
        tenant.pods().stream()
            .sorted(Comparator.comparing(ObservedPod::name))
            .map(p -> pod(own, p))
            .toList();
    return new ObservedEvidence(
        tenant.hostNamespace(),
        tenant.phase(),
        pods,
        tenant.volumes(),
        tenant.readers(),
        tenant.lastSuccessfulBackup());
  }

  private PodEvidence pod(String own, ObservedPod pod) {
    String node = destinations.nodeJurisdiction(own, pod.nodeLabels()).orElse(null);
    return new PodEvidence(
        pod.name(), pod.nodeName(), pod.nodeLabels(), pod.phase(), node, own.equals(node));
  }

  static String fileOf(SourceLocation location) {
    return location == null ? null : location.file();
  }
}
