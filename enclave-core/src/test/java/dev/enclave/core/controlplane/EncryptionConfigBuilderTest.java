package dev.enclave.core.controlplane;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EncryptionConfigBuilderTest {

  @SuppressWarnings("unchecked")
  private static Map<String, Object> onlyResourceBlock() {
    Map<String, Object> config =
        Rendered.file(EncryptionConfigBuilder.build(Fixtures.model(Fixtures.embedded())));
    assertThat(config)
        .containsEntry("apiVersion", "apiserver.config.k8s.io/v1")
        .containsEntry("kind", "EncryptionConfiguration");
    List<Map<String, Object>> resources = (List<Map<String, Object>>) config.get("resources");
    assertThat(resources).hasSize(1);
    return resources.get(0);
  }

  @Test
  void secretsAndConfigMapsAreEncrypted() {
    assertThat(onlyResourceBlock().get("resources")).isEqualTo(List.of("secrets", "configmaps"));
  }

  @Test
  void theJurisdictionsKmsV2PluginComesFirstAndIdentityLast() {
    List<?> providers = (List<?>) onlyResourceBlock().get("providers");

    assertThat(providers).hasSize(2);
    assertThat(providers.get(0))
        .isEqualTo(
            Map.of(
                "kms",
                Map.of(
                    "apiVersion", "v2",
                    "name", "enclave-eu",
                    "endpoint", "unix:///var/run/kmsplugin/eu.sock",
                    "timeout", "3s")));
    assertThat(providers.get(1)).isEqualTo(Map.of("identity", Map.of()));
  }
}
