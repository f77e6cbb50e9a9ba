package dev.enclave.core.evidence;

import dev.enclave.api.v1alpha1.DataStore;
import dev.enclave.api.v1alpha1.Jurisdiction;
import dev.enclave.api.v1alpha1.JurisdictionSpec;
import dev.enclave.core.evidence.JurisdictionEvidence.AuditSinkFact;
import dev.enclave.core.evidence.JurisdictionEvidence.BackupTargetFact;
import dev.enclave.core.evidence.JurisdictionEvidence.DataStoreFact;
import dev.enclave.core.gitops.Provenance;
import dev.enclave.core.model.Declared;
import dev.enclave.core.model.Platform;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/** The declared facts of one jurisdiction, before its controls are evaluated. */
final class JurisdictionFacts {
  private JurisdictionFacts() {}

  static JurisdictionEvidence of(
      String name, Platform platform, List<TenantEvidence> tenants, Provenance provenance) {
    Optional<Declared<Jurisdiction>> declared =
        platform.jurisdictions().stream()
            .filter(j -> Objects.equals(j.name(), name) && j.object().getSpec() != null)
            .findFirst();
    JurisdictionSpec spec =
        declared.map(d -> d.object().getSpec()).orElseGet(JurisdictionSpec::new);
    var versions = spec.getKubernetesVersions();
    return new JurisdictionEvidence(
        name,
        spec.getDisplayName(),
        declared.isPresent(),
        "host-" + name,
        orEmpty(spec.getFrameworks()),
        placementOf(declared.map(Declared::object)),
        orEmpty(spec.getStorageClasses()),
        orEmpty(spec.getAuditSinks()).stream()
            .map(s -> new AuditSinkFact(s.getName(), s.getUrl()))
            .toList(),
        TenantFacts.kmsEndpoint(declared.map(Declared::object)),
        orEmpty(spec.getBackupTargets()).stream()
            .map(
                t ->
                    t.getS3() == null
                        ? new BackupTargetFact(t.getName(), null, null, null)
                        : new BackupTargetFact(
                            t.getName(),
                            t.getS3().getEndpoint(),
                            t.getS3().getBucket(),
                            t.getS3().getRegion()))
            .toList(),
        orEmpty(spec.getRegistries()),
        versions == null ? List.of() : orEmpty(versions.getAllowed()),
        versions == null ? List.of() : orEmpty(versions.getHeld()),
        orEmpty(spec.getAdminGroups()),
        dataStores(name, platform, provenance),
        tenants,
        List.of(),
        declared.map(Declared::location).orElse(null),
        provenance.commitsOf(
            declared.map(d -> TenantEvidenceFactory.fileOf(d.location())).orElse(null)));
  }

  static Map<String, String> placementOf(Optional<Jurisdiction> jurisdiction) {
    return jurisdiction
        .map(Jurisdiction::getSpec)
        .map(JurisdictionSpec::getPlacement)
        .map(p -> p.getNodeSelector() == null ? Map.<String, String>of() : p.getNodeSelector())
        .map(m -> (Map<String, String>) new TreeMap<>(m))
        .orElse(Map.of());
  }

  private static List<DataStoreFact> dataStores(
      String name, Platform platform, Provenance provenance) {
    return platform.dataStores().stream()
        .filter(d -> d.object().getSpec() != null)
        .filter(d -> Objects.equals(d.object().getSpec().getJurisdiction(), name))
        .sorted(EvidenceBuilder.by(Declared::name))
        .map(d -> fact(d, provenance))
        .toList();
  }

  private static DataStoreFact fact(Declared<DataStore> d, Provenance provenance) {
    var spec = d.object().getSpec();
    return new DataStoreFact(
        d.name(),
        spec.getDriver(),
        orEmpty(spec.getEndpoints()),
        spec.getStorageClass(),
        d.location(),
        provenance.commitsOf(TenantEvidenceFactory.fileOf(d.location())));
  }

  private static <T> List<T> orEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }
}
