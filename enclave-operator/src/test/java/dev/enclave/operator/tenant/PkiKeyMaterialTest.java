package dev.enclave.operator.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import dev.enclave.api.v1alpha1.TenantCluster;
import dev.enclave.core.controlplane.HostNames;
import dev.enclave.operator.Fixtures;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class PkiKeyMaterialTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-03-01T12:00:00Z"), ZoneOffset.UTC);
  private final PkiKeyMaterial keys = new PkiKeyMaterial(CLOCK, new SecureRandom());
  private final TenantCluster acme = Fixtures.acme();

  @Test
  void aNewTenantGetsEverySecretTheBuildersMount() {
    List<KeyMaterial.Issued> issued = keys.issue(acme, Set.of(), Map.of());

    assertThat(issued)
        .extracting(KeyMaterial.Issued::secretName)
        .containsExactlyInAnyOrderElementsOf(keys.secretNames(acme))
        .contains(
            HostNames.syncerKubeconfigSecret(acme),
            HostNames.corednsKubeconfigSecret(acme),
            HostNames.etcdServerCertSecret(acme));
  }

  @Test
  void whenAnUpgradeAddsTheSyncerAndCorednsLeaves_thenTheCasAreKept() {
    Map<String, Map<String, String>> before = byName(keys.issue(acme, Set.of(), Map.of()));
    before.remove(HostNames.syncerKubeconfigSecret(acme));
    before.remove(HostNames.corednsKubeconfigSecret(acme));

    Map<String, Map<String, String>> after = byName(keys.issue(acme, Set.of(), before));

    assertThat(after)
        .containsKeys(
            HostNames.syncerKubeconfigSecret(acme), HostNames.corednsKubeconfigSecret(acme))
        .doesNotContainKeys(
            HostNames.caSecret(acme),
            HostNames.etcdCaSecret(acme),
            HostNames.serviceAccountKeySecret(acme));
  }

  @Test
  void whenOnlyTheKmsKeyIsMissing_thenItAloneIsIssuedAsOneBase64Line() {
    Map<String, Map<String, String>> before = byName(keys.issue(acme, Set.of(), Map.of()));
    before.remove(HostNames.kmsKeySecret(acme));

    List<KeyMaterial.Issued> issued = keys.issue(acme, Set.of(HostNames.kmsKeySecret(acme)), before);

    assertThat(issued).singleElement().satisfies(i -> {
      assertThat(i.secretName()).isEqualTo("acme-kms-key");
      assertThat(i.renewAfter()).as("never renewed").isNull();
      assertThat(i.stringData().get("keys")).matches("[A-Za-z0-9+/]{43}=\n");
    });
  }

  @Test
  void anExistingKmsKeyIsNeverIssuedAgain() {
    Map<String, Map<String, String>> before = byName(keys.issue(acme, Set.of(), Map.of()));
    before.remove(HostNames.caSecret(acme));

    assertThat(byName(keys.issue(acme, Set.of(HostNames.caSecret(acme)), before)))
        .containsKey(HostNames.caSecret(acme))
        .doesNotContainKey(HostNames.kmsKeySecret(acme));
  }

  private static Map<String, Map<String, String>> byName(List<KeyMaterial.Issued> issued) {
    return new HashMap<>(
        issued.stream()
            .collect(
                Collectors.toMap(KeyMaterial.Issued::secretName, KeyMaterial.Issued::stringData)));
  }
}
