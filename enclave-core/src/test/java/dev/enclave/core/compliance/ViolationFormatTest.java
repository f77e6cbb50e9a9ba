package dev.enclave.core.compliance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.enclave.core.model.SourceLocation;
import org.junit.jupiter.api.Test;

/** One violation is one printed line, whatever the names and values it quotes hold. */
class ViolationFormatTest {

  @Test
  void whenAQuotedValueHoldsALineBreak_thenTheLineShowsItEscaped() {
    Violation v =
        new Violation(
            "DataStore", null, "eu\u0000pg", "spec.endpoints[0]", "found \"a\nb\"", new SourceLocation("d.yaml", 3));

    assertThat(v.format())
        .isEqualTo("d.yaml:3: DataStore/eu\\u0000pg: spec.endpoints[0]: found \"a\\nb\"")
        .doesNotContain("\n");
  }
}
