package dev.enclave.core.evidence;

import dev.enclave.core.compliance.ComplianceRules;
import dev.enclave.core.gitops.GitOpsLoader;
import dev.enclave.core.gitops.LoadResult;
import dev.enclave.core.gitops.Provenance;
import dev.enclave.core.model.Platform;
import dev.enclave.core.observed.AuditObservations;
import dev.enclave.core.observed.Observations;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

/** Small platforms for evidence tests: an EU and a UK jurisdiction and tenants written inline. */
final class EvidenceFixtures {
  static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  static final String JURISDICTIONS =
      """
apiVersion: enclave.dev/v1alpha1
kind: Jurisdiction
metadata: {name: eu}
spec:
  displayName: European Union
  frameworks: [EU-DATA-ACT, DORA, NIS2, EU-AI-ACT, GDPR]
  placement: {nodeSelector: {enclave.dev/jurisdiction: eu}}
  storageClasses: [eu-encrypted]
  auditSinks: [{name: eu-siem, url: "https://siem.eu.example.com"}]
  keyManagement: {kmsEndpoint: "unix:///var/run/kmsplugin/eu.sock"}
  backupTargets:
    - {name: eu-backups, s3: {endpoint: "https://s3.eu.example.com", bucket: b, region: eu-central-1}}
  registries: [registry.eu.example.com]
  kubernetesVersions: {allowed: ["1.37"]}
  adminGroups: [eu-oncall]
---
apiVersion: enclave.dev/v1alpha1
kind: Jurisdiction
metadata: {name: uk}
spec:
  displayName: United Kingdom
  frameworks: [UK-GDPR, UK-DUAA]
  placement: {nodeSelector: {enclave.dev/jurisdiction: uk}}
  storageClasses: [uk-encrypted]
  auditSinks: [{name: uk-siem, url: "https://siem.uk.example.com"}]
  keyManagement: {kmsEndpoint: "unix:///var/run/kmsplugin/uk.sock"}
  backupTargets:
    - {name: uk-backups, s3: {endpoint: "https://s3.uk.example.com", bucket: b, region: eu-west-2}}
  registries: [registry.uk.example.com]
  kubernetesVersions: {allowed: ["1.37"]}
  adminGroups: [uk-oncall]
""";

  private EvidenceFixtures() {}

  /** An EU tenant; {@code backupTarget} and {@code schedule} vary per test. */
  static String euTenant(String name, String backupTarget, String schedule, int retention) {
    return """
           ---
           apiVersion: enclave.dev/v1alpha1
           kind: TenantCluster
           metadata: {name: %s, namespace: tenants-eu}
           spec:
             jurisdiction: eu
             kubernetesVersion: "1.37.2"
             dataStore: {embedded: {storageClass: eu-encrypted, size: 5Gi}}
             audit: {sink: eu-siem}
             backup: {target: %s, schedule: "%s", retention: %d}
           """
        .formatted(name, backupTarget, schedule, retention);
  }

  static Platform platform(String yaml) {
    LoadResult result = new GitOpsLoader().load("platform.yaml", yaml);
    if (!result.readable()) {
      throw new IllegalArgumentException(result.errors().toString());
    }
    return result.platform();
  }

  static Evidence evidence(String yaml) {
    return evidence(yaml, Optional.empty());
  }

  static Evidence evidence(String yaml, Optional<Observations> observations) {
    return evidence(yaml, observations, Optional.empty());
  }

  static Evidence evidence(
      String yaml, Optional<Observations> observations, Optional<AuditObservations> audit) {
    Platform platform = platform(yaml);
    return EvidenceBuilder.build(
        platform,
        ComplianceRules.evaluate(platform),
        observations,
        audit,
        Provenance.notUnderVersionControl(),
        CLOCK,
        "test");
  }
}
