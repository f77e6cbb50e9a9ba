package dev.enclave.syncer.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.enclave.core.sync.SyncPolicy;
import io.fabric8.kubernetes.api.model.Toleration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyncPolicyFilesTest {
  private static final SyncPolicy POLICY =
      new SyncPolicy(
          "tenants-eu",
          "bank",
          "tc-tenants-eu-bank",
          "eu",
          Map.of("enclave.dev/jurisdiction", "eu"),
          List.of(new Toleration("NoSchedule", "enclave.dev/jurisdiction", "Equal", null, "eu")),
          List.of("registry.eu.example.com"),
          List.of("eu-encrypted"),
          "gvisor",
          "restricted",
          Set.of("LoadBalancer", "ClusterIP", "NodePort"));

  @Test
  void whenAPolicyIsWrittenAndReadBackThenItIsTheSamePolicy(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("policy.json");
    SyncPolicyFiles.write(file, POLICY);

    assertThat(SyncPolicyFiles.read(file)).isEqualTo(POLICY);
  }

  @Test
  void whenTheSamePolicyIsWrittenTwiceThenTheBytesAreTheSame() {
    assertThat(SyncPolicyFiles.toJson(POLICY)).isEqualTo(SyncPolicyFiles.toJson(POLICY));
    assertThat(SyncPolicyFiles.toJson(POLICY))
        .contains("\"ClusterIP\", \"LoadBalancer\", \"NodePort\"");
  }

  @Test
  void whenListsAreMissingThenTheyReadAsEmpty() throws Exception {
    SyncPolicy policy =
        SyncPolicyFiles.parse(
            "{\"tenantNamespace\":\"t\",\"tenantName\":\"n\",\"hostNamespace\":\"tc-t-n\"}");

    assertThat(policy.registries()).isEmpty();
    assertThat(policy.nodeSelector()).isEmpty();
  }

  @Test
  void whenTheFileIsNotJsonThenReadFails(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("policy.json"), "not: json: [");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> SyncPolicyFiles.read(file))
        .isInstanceOf(java.io.IOException.class);
  }
}
