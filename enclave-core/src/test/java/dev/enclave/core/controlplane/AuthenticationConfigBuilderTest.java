package dev.enclave.core.controlplane;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuthenticationConfigBuilderTest {

  @Test
  void anonymousRequestsAreAllowedOnTheHealthEndpointsOnly() {
    Map<String, Object> config =
        Rendered.file(AuthenticationConfigBuilder.build(Fixtures.model(Fixtures.embedded())));

    assertThat(config).containsEntry("kind", "AuthenticationConfiguration");
    assertThat(config.get("anonymous"))
        .isEqualTo(
            Map.of(
                "enabled",
                true,
                "conditions",
                List.of(
                    Map.of("path", "/livez"),
                    Map.of("path", "/readyz"),
                    Map.of("path", "/healthz"))));
  }
}
