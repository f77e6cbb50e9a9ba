package dev.enclave.core.compliance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class PlacementOverlapRulesTest {
  private final TestPlatform platform = TestPlatform.valid();

  @Test
  void jurisdictions_requiring_different_values_of_a_common_key_do_not_overlap() {
    platform.eu.getSpec().getPlacement().getNodeSelector().put("zone", "a");

    assertThat(platform.evaluate()).isEmpty();
  }

  @Test
  void jurisdictions_with_no_common_key_overlap_and_both_are_told_about_the_other() {
    platform.uk.getSpec().getPlacement().setNodeSelector(Map.of("region", "london"));

    assertThat(platform.evaluate())
        .extracting(Violation::describe)
        .containsExactly(
            "Jurisdiction/eu: spec.placement.nodeSelector: node selector"
                + " {enclave.dev/jurisdiction=eu} overlaps that of jurisdiction \"uk\""
                + " ({region=london}): a node could carry both; give them a common key with"
                + " different values",
            "Jurisdiction/uk: spec.placement.nodeSelector: node selector {region=london} overlaps"
                + " that of jurisdiction \"eu\" ({enclave.dev/jurisdiction=eu}): a node could"
                + " carry both; give them a common key with different values");
  }

  @Test
  void a_selector_that_narrows_another_overlaps_it() {
    Map<String, String> narrower = new LinkedHashMap<>();
    narrower.put("enclave.dev/jurisdiction", "eu");
    narrower.put("zone", "a");
    platform.uk.getSpec().getPlacement().setNodeSelector(narrower);

    assertThat(platform.evaluate()).extracting(Violation::name).containsExactly("eu", "uk");
  }
}
