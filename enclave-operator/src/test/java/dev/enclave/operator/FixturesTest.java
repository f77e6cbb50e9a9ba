package dev.enclave.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.enclave.core.compliance.ComplianceRules;
import dev.enclave.core.model.Declared;
import dev.enclave.core.model.Platform;
import java.util.List;
import org.junit.jupiter.api.Test;

class FixturesTest {
  @Test
  void theExamplePlatformPassesTheComplianceRules() {
    Platform platform =
        new Platform(
            List.of(Declared.live(Fixtures.eu()), Declared.live(Fixtures.uk())),
            List.of(),
            List.of(Declared.live(Fixtures.acme())),
            List.of());

    assertThat(ComplianceRules.evaluate(platform)).isEmpty();
  }
}
