package dev.enclave.core.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.enclave.core.controlplane.Fixtures;
import org.junit.jupiter.api.Test;

class SyncPolicyJsonTest {
  @Test
  void whenAPolicyIsWrittenAndReadBack_thenItIsEqual() {
    SyncPolicy policy = SyncPolicy.of(Fixtures.embedded(), Fixtures.eu());

    SyncPolicy read = SyncPolicyJson.read(SyncPolicyJson.write(policy), "policy.json");

    assertThat(read).isEqualTo(policy);
  }

  @Test
  void whenEqualPoliciesAreWritten_thenTheTextIsIdenticalAndSorted() {
    String first = SyncPolicyJson.write(SyncPolicy.of(Fixtures.embedded(), Fixtures.eu()));
    String second = SyncPolicyJson.write(SyncPolicy.of(Fixtures.embedded(), Fixtures.eu()));

    assertThat(first).isEqualTo(second).endsWith("\n");
    assertThat(first.indexOf("enclave.dev/jurisdiction"))
        .isLessThan(first.indexOf("topology.kubernetes.io/region"));
  }

  @Test
  void whenTheTextIsNotAPolicy_thenTheErrorNamesTheSource() {
    assertThatThrownBy(() -> SyncPolicyJson.read("[1, 2]", "/etc/enclave/sync-policy/policy.json"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("/etc/enclave/sync-policy/policy.json: not a sync policy");
  }

  @Test
  void whenListsAndMapsAreLeftOut_thenTheyReadAsEmpty() {
    SyncPolicy policy =
        SyncPolicyJson.read(
            "{\"tenantNamespace\":\"t\",\"tenantName\":\"n\",\"hostNamespace\":\"tc-t-n\"}",
            "policy.json");

    assertThat(policy.registries()).isEmpty();
    assertThat(policy.nodeSelector()).isEmpty();
    assertThat(policy.serviceTypes()).isEmpty();
  }
}
