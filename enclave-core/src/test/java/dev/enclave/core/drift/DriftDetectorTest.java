package dev.enclave.core.drift;

import static dev.enclave.core.drift.DriftFixtures.EU_NODE;
import static dev.enclave.core.drift.DriftFixtures.EU_SIEM;
import static dev.enclave.core.drift.DriftFixtures.acme;
import static dev.enclave.core.drift.DriftFixtures.eu;
import static dev.enclave.core.drift.DriftFixtures.s3;
import static org.assertj.core.api.Assertions.assertThat;

import dev.enclave.core.observed.DriftFinding;
import dev.enclave.core.observed.ObservedPod;
import dev.enclave.core.observed.ObservedVolume;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DriftDetectorTest {
  private static final ObservedPod PLACED =
      new ObservedPod("acme-0", "eu-node-1", EU_NODE, "Running");
  private static final ObservedVolume EU_VOLUME =
      new ObservedVolume(
          "etcd-data-acme-0",
          "eu-encrypted",
          Map.of("topology.kubernetes.io/region", "eu-central-1"));

  private static List<DriftFinding> detect(HostFacts facts) {
    return DriftDetector.detect(acme(), eu(), facts);
  }

  @Test
  void aTenantWhosePodsVolumesAndDestinationsAreTheJurisdictionsHasNoDrift() {
    HostFacts facts =
        new HostFacts(
            List.of(PLACED),
            List.of(EU_VOLUME),
            EU_SIEM,
            s3("https://s3.eu.example.com", "enclave-eu"));

    assertThat(detect(facts)).isEmpty();
  }

  @Test
  void nothingObservedIsNoDrift() {
    assertThat(detect(HostFacts.none())).isEmpty();
  }

  @Test
  void aPodOnANodeOfAnotherJurisdictionIsDrift() {
    ObservedPod pod =
        new ObservedPod(
            "acme-0",
            "uk-node-1",
            Map.of(
                "enclave.dev/jurisdiction", "uk", "topology.kubernetes.io/region", "eu-central-1"),
            "Running");

    assertThat(detect(new HostFacts(List.of(pod), List.of(), null, null)))
        .containsExactly(
            new DriftFinding(
                "tenants-eu",
                "acme",
                "Pod/tc-tenants-eu-acme/acme-0",
                "spec.nodeName",
                "runs on node \"uk-node-1\" labelled enclave.dev/jurisdiction=uk; jurisdiction"
                    + " \"eu\" requires enclave.dev/jurisdiction=eu,"
                    + " topology.kubernetes.io/region=eu-central-1"));
  }

  @Test
  void aPodOnANodeMissingAJurisdictionLabelIsDrift() {
    ObservedPod pod =
        new ObservedPod("acme-1", "bare", Map.of("enclave.dev/jurisdiction", "eu"), "Running");

    List<DriftFinding> findings = detect(new HostFacts(List.of(pod), List.of(), null, null));

    assertThat(findings)
        .singleElement()
        .extracting(DriftFinding::message)
        .asString()
        .contains("labelled topology.kubernetes.io/region=<missing>");
  }

  @Test
  void aPodNotYetScheduledIsNotDrift() {
    ObservedPod pending = new ObservedPod("acme-2", null, Map.of(), "Pending");

    assertThat(detect(new HostFacts(List.of(pending), List.of(), null, null))).isEmpty();
  }

  @Test
  void aClaimOfAForeignStorageClassIsDrift() {
    ObservedVolume volume = new ObservedVolume("data", "standard", Map.of());

    assertThat(detect(new HostFacts(List.of(), List.of(volume), null, null)))
        .extracting(DriftFinding::describe)
        .containsExactly(
            "PersistentVolumeClaim/tc-tenants-eu-acme/data: spec.storageClassName: uses storage"
                + " class \"standard\"; jurisdiction \"eu\" allows: eu-encrypted");
  }

  @Test
  void aClaimWithoutStorageClassIsDriftBecauseTheHostsDefaultIsUnknown() {
    ObservedVolume volume = new ObservedVolume("data", null, Map.of());

    assertThat(detect(new HostFacts(List.of(), List.of(volume), null, null)))
        .extracting(DriftFinding::message)
        .containsExactly(
            "uses no storage class (the host's default); jurisdiction \"eu\" allows: eu-encrypted");
  }

  @Test
  void aVolumePinnedToAnotherRegionIsDrift() {
    ObservedVolume volume =
        new ObservedVolume(
            "data", "eu-encrypted", Map.of("topology.kubernetes.io/region", "us-east-1"));

    assertThat(detect(new HostFacts(List.of(), List.of(volume), null, null)))
        .extracting(DriftFinding::field, DriftFinding::message)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "spec.volumeName",
                "is bound to a volume pinned to topology.kubernetes.io/region=us-east-1;"
                    + " jurisdiction \"eu\" requires enclave.dev/jurisdiction=eu,"
                    + " topology.kubernetes.io/region=eu-central-1"));
  }

  @Test
  void aVolumeWhoseAllowedRegionsIncludeTheJurisdictionsIsNotDrift() {
    ObservedVolume volume =
        new ObservedVolume(
            "data",
            "eu-encrypted",
            Map.of("topology.kubernetes.io/region", "us-east-1,eu-central-1"));

    assertThat(detect(new HostFacts(List.of(), List.of(volume), null, null))).isEmpty();
  }

  @Test
  void aVolumePinnedOnKeysTheJurisdictionDoesNotUseIsNotDrift() {
    ObservedVolume volume =
        new ObservedVolume("data", "eu-encrypted", Map.of("topology.kubernetes.io/zone", "any-1a"));

    assertThat(detect(new HostFacts(List.of(), List.of(volume), null, null))).isEmpty();
  }

  @Test
  void anAuditWebhookPointingElsewhereIsDrift() {
    assertThat(detect(new HostFacts(List.of(), List.of(), "https://siem.us.example.com", null)))
        .extracting(DriftFinding::describe)
        .containsExactly(
            "ConfigMap/tc-tenants-eu-acme/acme-audit-webhook: data.kubeconfig: audit webhook sends"
                + " to \"https://siem.us.example.com\"; jurisdiction \"eu\" allows the audit sinks:"
                + " eu-siem "
                + EU_SIEM);
  }

  @Test
  void aBackupDestinationOutsideTheJurisdictionsTargetsIsDrift() {
    HostFacts facts =
        new HostFacts(List.of(), List.of(), null, s3("https://s3.us.example.com", "enclave-eu"));

    assertThat(detect(facts))
        .extracting(DriftFinding::describe)
        .containsExactly(
            "TenantCluster/tenants-eu/acme: spec.backup.target: backups are written to"
                + " https://s3.us.example.com/enclave-eu; jurisdiction \"eu\" allows the backup"
                + " targets: eu-backups https://s3.eu.example.com/enclave-eu");
  }

  @Test
  void findingsComePodsFirstThenVolumesThenDestinations() {
    HostFacts facts =
        new HostFacts(
            List.of(new ObservedPod("p", "n", Map.of(), "Running")),
            List.of(new ObservedVolume("v", "standard", Map.of())),
            "https://elsewhere",
            null);

    assertThat(detect(facts))
        .extracting(DriftFinding::object)
        .containsExactly(
            "Pod/tc-tenants-eu-acme/p",
            "PersistentVolumeClaim/tc-tenants-eu-acme/v",
            "ConfigMap/tc-tenants-eu-acme/acme-audit-webhook");
  }
}
