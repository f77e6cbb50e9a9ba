package dev.enclave.core.compliance;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class AccessGrantRulesTest {
  private final TestPlatform platform = TestPlatform.valid();

  @Test
  void a_group_of_another_jurisdiction_is_not_allowed() {
    platform.incident.getSpec().setGroup("uk-platform-oncall");

    assertThat(platform.evaluate())
        .extracting(Violation::describe)
        .containsExactly(
            "AccessGrant/incident-4711: spec.group: group \"uk-platform-oncall\" is not allowed in"
                + " jurisdiction \"eu\"; allowed: eu-platform-oncall");
  }

  @ParameterizedTest
  @ValueSource(strings = {"90m", "2h", "1h30m", "45s", "8h", "1.5h", "7h59m59s"})
  void a_positive_go_duration_of_at_most_eight_hours_is_accepted(String duration) {
    platform.incident.getSpec().setDuration(duration);

    assertThat(platform.evaluate()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"2 hours", "1d", "PT2H", "1h30", "h", "two"})
  void a_duration_that_is_not_a_go_duration_is_refused(String duration) {
    platform.incident.getSpec().setDuration(duration);

    assertThat(platform.evaluate())
        .extracting(Violation::describe)
        .containsExactly(
            "AccessGrant/incident-4711: spec.duration: duration \""
                + duration
                + "\" is not a duration; expected e.g. 90m, 2h or 1h30m");
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "0s", "-1h"})
  void a_duration_of_zero_or_less_is_refused(String duration) {
    platform.incident.getSpec().setDuration(duration);

    assertThat(platform.evaluate())
        .extracting(Violation::message)
        .containsExactly("duration \"" + duration + "\" must be longer than zero");
  }

  @ParameterizedTest
  @ValueSource(strings = {"8h1s", "9h", "481m"})
  void a_duration_longer_than_eight_hours_is_refused(String duration) {
    platform.incident.getSpec().setDuration(duration);

    assertThat(platform.evaluate())
        .extracting(Violation::message)
        .containsExactly(
            "duration \""
                + duration
                + "\" is longer than allowed; at most 8h for break-glass access");
  }

  @Test
  void a_blank_justification_is_refused() {
    platform.incident.getSpec().setJustification("  ");

    assertThat(platform.evaluate())
        .extracting(Violation::describe)
        .containsExactly(
            "AccessGrant/incident-4711: spec.justification: spec.justification is required");
  }

  @Test
  void an_unknown_role_is_refused() {
    platform.incident.getSpec().setRole("cluster-admin");

    assertThat(platform.evaluate())
        .extracting(Violation::describe)
        .containsExactly(
            "AccessGrant/incident-4711: spec.role: role \"cluster-admin\" is not known; allowed:"
                + " view, edit, admin");
  }

  @Test
  void an_admin_grant_is_accepted() {
    platform.incident.getSpec().setRole("admin");

    assertThat(platform.evaluate()).isEmpty();
  }
}
