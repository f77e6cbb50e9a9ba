package dev.enclave.core.evidence;

import dev.enclave.api.v1alpha1.AccessGrant;
import dev.enclave.api.v1alpha1.Jurisdiction;
import dev.enclave.api.v1alpha1.TenantCluster;
import dev.enclave.core.compliance.Violation;
import dev.enclave.core.evidence.Evidence.ObservationInfo;
import dev.enclave.core.evidence.controls.ControlContext;
import dev.enclave.core.evidence.controls.ControlMapper;
import dev.enclave.core.evidence.controls.ControlResult;
import dev.enclave.core.evidence.controls.ControlStatus;
import dev.enclave.core.gitops.Provenance;
import dev.enclave.core.model.Platform;
import dev.enclave.core.observed.AuditObservations;
import dev.enclave.core.observed.Observations;
import dev.enclave.core.observed.ObservedTenant;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Builds the evidence of a platform from its declarations, their violations, what was observed live
 * (if anything) and their Git history. Pure: the clock decides which grants are active and the
 * report's date; the same input gives the same evidence.
 */
public final class EvidenceBuilder {
  private EvidenceBuilder() {}

  public static Evidence build(
      Platform platform,
      List<Violation> violations,
      Optional<Observations> observations,
      Provenance provenance,
      Clock clock) {
    return build(platform, violations, observations, provenance, clock, "");
  }

  /** As {@link #build(Platform, List, Optional, Provenance, Clock)}, naming the input directory. */
  public static Evidence build(
      Platform platform,
      List<Violation> violations,
      Optional<Observations> observations,
      Provenance provenance,
      Clock clock,
      String source) {
    return build(
        platform, violations, observations, Optional.empty(), provenance, clock, source);
  }

  /** As above, with what the audit sinks' directories held ({@code --audit-dir}), if read. */
  public static Evidence build(
      Platform platform,
      List<Violation> violations,
      Optional<Observations> observations,
      Optional<AuditObservations> audit,
      Provenance provenance,
      Clock clock,
      String source) {
    Instant now = clock.instant();
    Destinations destinations = new Destinations(platform);
    Map<String, ObservedTenant> observed =
        observations.map(EvidenceBuilder::byTenant).orElse(Map.of());
    TenantEvidenceFactory tenants =
        new TenantEvidenceFactory(
            platform, violations, observations, observed, audit, provenance, destinations, now);

    List<JurisdictionEvidence> jurisdictions = new ArrayList<>();
    List<Crossing> crossings = new ArrayList<>();
    for (String name : jurisdictionNames(platform)) {
      List<TenantEvidence> inJurisdiction = tenants.in(name);
      List<Crossing> jCrossings =
          inJurisdiction.stream().flatMap(t -> Crossings.of(t, destinations).stream()).toList();
      crossings.addAll(jCrossings);
      JurisdictionEvidence j = JurisdictionFacts.of(name, platform, inJurisdiction, provenance);
      ControlContext context =
          new ControlContext(
              j,
              jCrossings,
              violationsOf(j, platform, violations),
              observations.isPresent(),
              undeclared(platform, observed),
              now);
      jurisdictions.add(j.withControls(ControlMapper.evaluate(context)));
    }
    List<ViolationEvidence> all = violations.stream().map(ViolationEvidence::of).toList();
    List<dev.enclave.core.observed.DriftFinding> drift =
        observations.map(Observations::drift).orElse(List.of());
    int grants = platform.accessGrants().size();
    Summary summary =
        summary(
            jurisdictions, grants, all.size(), drift.size(), crossings, observations.isPresent());
    return new Evidence(
        Evidence.SCHEMA_VERSION,
        now,
        source,
        observations
            .map(o -> new ObservationInfo(o.observedAt(), o.source(), o.gaps(), o.shreddedBackupKeys(), o.migrations()))
            .orElse(null),
        summary,
        jurisdictions,
        crossings,
        all,
        drift,
        new ProvenanceEvidence(
            provenance.underVersionControl(),
            provenance.head(),
            provenance.branch(),
            provenance.pathInRepository(),
            provenance.note()));
  }

  private static Map<String, ObservedTenant> byTenant(Observations observations) {
    Map<String, ObservedTenant> map = new TreeMap<>();
    observations.tenants().forEach(t -> map.put(t.namespace() + "/" + t.name(), t));
    return map;
  }

  /** Declared jurisdictions, then those tenants name without a declaration, each by name. */
  private static List<String> jurisdictionNames(Platform platform) {
    TreeSet<String> declared = new TreeSet<>();
    platform.jurisdictions().forEach(j -> declared.add(Objects.toString(j.name(), "")));
    TreeSet<String> named = new TreeSet<>();
    platform.tenantClusters().stream()
        .map(t -> TenantEvidenceFactory.jurisdictionOf(t.object()))
        .filter(n -> !declared.contains(n))
        .forEach(named::add);
    List<String> names = new ArrayList<>(declared);
    names.addAll(named);
    return names;
  }

  private static List<ViolationEvidence> violationsOf(
      JurisdictionEvidence j, Platform platform, List<Violation> violations) {
    TreeSet<String> objects = new TreeSet<>();
    objects.add(Jurisdiction.KIND + "//" + j.name());
    j.dataStores().forEach(s -> objects.add("DataStore//" + s.name()));
    for (TenantEvidence t : j.tenants()) {
      objects.add(TenantCluster.KIND + "/" + t.namespace() + "/" + t.name());
      t.accessGrants()
          .forEach(g -> objects.add(AccessGrant.KIND + "/" + g.namespace() + "/" + g.name()));
    }
    return violations.stream()
        .filter(
            v ->
                objects.contains(
                    v.kind() + "/" + Objects.toString(v.namespace(), "") + "/" + v.name()))
        .map(ViolationEvidence::of)
        .toList();
  }

  private static List<String> undeclared(Platform platform, Map<String, ObservedTenant> observed) {
    return observed.keySet().stream()
        .filter(
            key -> {
              String[] parts = key.split("/", 2);
              return platform.tenantCluster(parts[0], parts[1]).isEmpty();
            })
        .toList();
  }

  private static Summary summary(
      List<JurisdictionEvidence> jurisdictions,
      int grants,
      int violations,
      int drift,
      List<Crossing> crossings,
      boolean observed) {
    Map<ControlStatus, Long> counts =
        jurisdictions.stream()
            .flatMap(j -> j.controls().stream())
            .collect(Collectors.groupingBy(ControlResult::status, Collectors.counting()));
    int pass = counts.getOrDefault(ControlStatus.PASS, 0L).intValue();
    int fail = counts.getOrDefault(ControlStatus.FAIL, 0L).intValue();
    int na = counts.getOrDefault(ControlStatus.NOT_APPLICABLE, 0L).intValue();
    int tenants = jurisdictions.stream().mapToInt(j -> j.tenants().size()).sum();
    boolean ok = fail == 0 && violations == 0 && drift == 0;
    return new Summary(
        (int) jurisdictions.stream().filter(JurisdictionEvidence::declared).count(),
        tenants,
        grants,
        pass,
        fail,
        na,
        violations,
        drift,
        crossings.size(),
        observed,
        !crossings.isEmpty(),
        ok ? Summary.ALL_PASS : Summary.FAILING);
  }

  static <T> Comparator<T> by(Function<T, String> key) {
    return Comparator.comparing(t -> Objects.toString(key.apply(t), ""));
  }
}
