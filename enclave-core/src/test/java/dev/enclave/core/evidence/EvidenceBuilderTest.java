package dev.enclave.core.evidence;

import static dev.enclave.core.evidence.EvidenceFixtures.JURISDICTIONS;
import static dev.enclave.core.evidence.EvidenceFixtures.euTenant;
import static dev.enclave.core.evidence.EvidenceFixtures.evidence;
import static org.assertj.core.api.Assertions.assertThat;

import dev.enclave.core.evidence.controls.ControlResult;
import dev.enclave.core.evidence.controls.ControlStatus;
import dev.enclave.core.observed.DriftFinding;
import dev.enclave.core.observed.Observations;
import dev.enclave.core.observed.ObservedPod;
import dev.enclave.core.observed.ObservedTenant;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The evidence and control mapping: what passes, what fails and why. */
class EvidenceBuilderTest {

  @Test
  void whenEverythingStaysInTheEuThenTheEuControlsPassExceptLogRetentionUnderSixMonths() {
    Evidence e = evidence(JURISDICTIONS + euTenant("bank", "eu-backups", "0 */6 * * *", 14));

    assertThat(status(e, "eu", "EU-DATA-ACT-32")).isEqualTo(ControlStatus.PASS);
    assertThat(status(e, "eu", "EU-DATA-ACT-28")).isEqualTo(ControlStatus.PASS);
    assertThat(status(e, "eu", "DORA-12")).isEqualTo(ControlStatus.PASS);
    assertThat(status(e, "eu", "NIS2-21-I")).isEqualTo(ControlStatus.PASS);
    assertThat(control(e, "eu", "EU-AI-ACT-19").status()).isEqualTo(ControlStatus.FAIL);
    assertThat(control(e, "eu", "EU-AI-ACT-19").evidence())
        .anyMatch(l -> l.startsWith("fail: bank: backups reach back only 3.5 days"));
    assertThat(e.crossings()).isEmpty();
    assertThat(e.summary().boundaryCrossed()).isFalse();
  }

  @Test
  void aPolicyWithoutAnEngineIsReportedWithTheDefaultEngine_noPolicyWithNone() {
    String withPolicy =
        euTenant("bank", "eu-backups", "0 3 * * *", 14)
            + "  policy: {bundles: [residency, sbom]}\n";
    Evidence e = evidence(JURISDICTIONS + withPolicy + euTenant("ai", "eu-backups", "0 3 * * *", 14));

    assertThat(e.tenants())
        .extracting(t -> t.name() + ": " + t.policyEngine() + " " + t.policyBundles())
        .containsExactlyInAnyOrder(
            "bank: validating-admission-policy [residency, sbom]", "ai: null []");
  }

  @Test
  void whenDailyBackupsAreKept180TimesThenLogRetentionPasses() {
    Evidence e = evidence(JURISDICTIONS + euTenant("ai", "eu-backups", "0 3 * * *", 180));
    assertThat(status(e, "eu", "EU-AI-ACT-19")).isEqualTo(ControlStatus.PASS);
    assertThat(e.tenants().get(0).backup().retentionDays()).isEqualTo(180.0);
  }

  @Test
  void whenAnEuTenantBacksUpToTheUkThenItCrossesAndResidencyControlsFailWithTheViolation() {
    Evidence e = evidence(JURISDICTIONS + euTenant("bank", "uk-backups", "0 3 * * *", 200));

    assertThat(e.crossings())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.reach()).isEqualTo("backupTarget");
              assertThat(c.targetJurisdiction()).isEqualTo("uk");
              assertThat(c.fieldPath()).isEqualTo("spec.backup.target");
            });
    ControlResult art32 = control(e, "eu", "EU-DATA-ACT-32");
    assertThat(art32.status()).isEqualTo(ControlStatus.FAIL);
    assertThat(art32.evidence())
        .anyMatch(
            l ->
                l.startsWith("fail: violation at platform.yaml:")
                    && l.contains("TenantCluster/bank: spec.backup.target"));
    assertThat(status(e, "eu", "DORA-12")).isEqualTo(ControlStatus.FAIL);
    assertThat(e.tenants().get(0).violations()).isNotEmpty();
    assertThat(e.summary().passes()).isFalse();
  }

  @Test
  void whenAJurisdictionHasNoTenantsThenTenantControlsDoNotApply() {
    Evidence e = evidence(JURISDICTIONS);
    assertThat(status(e, "uk", "UK-DUAA-TRANSFER")).isEqualTo(ControlStatus.NOT_APPLICABLE);
    assertThat(status(e, "eu", "NIS2-21-H")).isEqualTo(ControlStatus.PASS);
  }

  @Test
  void whenAPodIsObservedOnAUkNodeThenTransparencyFailsAndTheNodeIsACrossing() {
    String yaml = JURISDICTIONS + euTenant("bank", "eu-backups", "0 3 * * *", 200);
    ObservedTenant bank =
        new ObservedTenant(
            "tenants-eu",
            "bank",
            "tc-tenants-eu-bank",
            "Ready",
            List.of(
                new ObservedPod(
                    "bank-0", "node-eu-1", Map.of("enclave.dev/jurisdiction", "eu"), "Running"),
                new ObservedPod(
                    "bank-1", "node-uk-1", Map.of("enclave.dev/jurisdiction", "uk"), "Running")),
            List.of(),
            List.of(),
            Instant.parse("2025-06-01T06:00:00Z"));
    DriftFinding drift =
        new DriftFinding(
            "tenants-eu",
            "bank",
            "Pod/tc-tenants-eu-bank/bank-1",
            "spec.nodeName",
            "node node-uk-1 is not labelled enclave.dev/jurisdiction=eu");
    Observations seen =
        new Observations(EvidenceFixtures.NOW, "host-eu", List.of(bank), List.of(drift));

    Evidence e = evidence(yaml, Optional.of(seen));

    assertThat(status(e, "eu", "EU-DATA-ACT-28")).isEqualTo(ControlStatus.FAIL);
    assertThat(control(e, "eu", "EU-DATA-ACT-28").evidence())
        .contains("fail: bank: 1 of 2 observed pod(s) run on nodes outside eu");
    assertThat(e.crossings())
        .extracting(Crossing::reach, Crossing::target)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("node", "node-uk-1"));
    assertThat(e.tenants().get(0).backup().lastSuccess()).isEqualTo("2025-06-01T06:00:00Z");
    assertThat(e.tenants().get(0).drift()).containsExactly(drift);
    assertThat(e.summary().driftFindings()).isEqualTo(1);
  }

  @Test
  void grantsAreDeclaredInGitAndActiveOrExpiredByTheClockWhenLive() {
    String grant =
        """
---
apiVersion: enclave.dev/v1alpha1
kind: AccessGrant
metadata: {name: %s, namespace: tenants-eu}
spec: {tenantCluster: bank, group: eu-oncall, role: view, duration: 2h, justification: INC-1}
%s
""";
    String yaml =
        JURISDICTIONS
            + euTenant("bank", "eu-backups", "0 3 * * *", 200)
            + grant.formatted("in-git", "")
            + grant.formatted(
                "live-active", "status: {phase: Active, grantedAt: \"2025-06-01T11:00:00Z\"}")
            + grant.formatted(
                "live-old", "status: {phase: Active, grantedAt: \"2025-05-01T11:00:00Z\"}");

    Evidence e = evidence(yaml);

    assertThat(e.tenants().get(0).accessGrants())
        .extracting(GrantEvidence::name, GrantEvidence::state)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("in-git", "declared"),
            org.assertj.core.groups.Tuple.tuple("live-active", "active"),
            org.assertj.core.groups.Tuple.tuple("live-old", "expired"));
    assertThat(e.tenants().get(0).accessGrants().get(1).expiresAt())
        .isEqualTo("2025-06-01T13:00:00Z");
  }

  static ControlResult control(Evidence e, String jurisdiction, String id) {
    return e.jurisdictions().stream()
        .filter(j -> j.name().equals(jurisdiction))
        .flatMap(j -> j.controls().stream())
        .filter(c -> c.id().equals(id))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no control " + id + " in " + jurisdiction));
  }

  static ControlStatus status(Evidence e, String jurisdiction, String id) {
    return control(e, jurisdiction, id).status();
  }
}
