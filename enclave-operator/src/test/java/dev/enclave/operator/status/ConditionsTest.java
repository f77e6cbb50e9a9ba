package dev.enclave.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConditionsTest {
  private static final Clock MORNING =
      Clock.fixed(Instant.parse("2025-03-01T08:00:00.123Z"), ZoneOffset.UTC);
  private static final Clock EVENING =
      Clock.fixed(Instant.parse("2025-03-01T20:00:00Z"), ZoneOffset.UTC);

  @Test
  void aNewConditionIsStampedWithTheCurrentSecond() {
    List<Condition> merged =
        Conditions.merge(
            List.of(), List.of(Conditions.of("Ready", false, "Provisioning", "", 1L)), MORNING);

    assertThat(merged.get(0).getLastTransitionTime()).isEqualTo("2025-03-01T08:00:00Z");
  }

  @Test
  void whenTheStatusDoesNotChange_thenTheTransitionTimeIsKept_evenIfTheMessageChanges() {
    List<Condition> before =
        Conditions.merge(
            List.of(), List.of(Conditions.of("Ready", false, "Provisioning", "0/1", 1L)), MORNING);

    List<Condition> after =
        Conditions.merge(
            before, List.of(Conditions.of("Ready", false, "Provisioning", "0/3", 2L)), EVENING);

    assertThat(after.get(0).getLastTransitionTime()).isEqualTo("2025-03-01T08:00:00Z");
    assertThat(after.get(0).getMessage()).isEqualTo("0/3");
  }

  @Test
  void whenTheStatusFlips_thenTheTransitionTimeMoves() {
    List<Condition> before =
        Conditions.merge(
            List.of(), List.of(Conditions.of("Ready", false, "Provisioning", "", 1L)), MORNING);

    List<Condition> after =
        Conditions.merge(
            before,
            List.of(Conditions.of("Ready", true, "ControlPlaneAvailable", "", 1L)),
            EVENING);

    assertThat(after.get(0).getLastTransitionTime()).isEqualTo("2025-03-01T20:00:00Z");
    assertThat(Conditions.isTrue(after, "Ready")).isTrue();
  }

  @Test
  void anUnchangedStatusMergesToAnEqualList() {
    List<Condition> desired = List.of(Conditions.of("Compliant", true, "RulesPassed", "ok", 3L));
    List<Condition> first = Conditions.merge(List.of(), desired, MORNING);

    assertThat(Conditions.merge(first, desired, EVENING)).isEqualTo(first);
  }
}
