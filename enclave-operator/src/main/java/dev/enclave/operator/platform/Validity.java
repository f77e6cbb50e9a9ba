package dev.enclave.operator.platform;

import dev.enclave.api.v1alpha1.FieldViolation;
import dev.enclave.core.compliance.Violation;
import dev.enclave.operator.status.Conditions;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Clock;
import java.util.List;
import java.util.stream.Collectors;

/** The {@code Valid} condition and violation list of a Jurisdiction or DataStore. */
final class Validity {
  static final String VALID = "Valid";

  private Validity() {}

  static List<Condition> conditions(
      List<Condition> previous, List<Violation> violations, Long generation, Clock clock) {
    Condition valid =
        violations.isEmpty()
            ? Conditions.of(VALID, true, "RulesPassed", "all compliance rules pass", generation)
            : Conditions.of(VALID, false, "ViolationsFound", summary(violations), generation);
    return Conditions.merge(previous == null ? List.of() : previous, List.of(valid), clock);
  }

  static List<FieldViolation> fieldViolations(List<Violation> violations) {
    return violations.stream().map(Violation::toFieldViolation).toList();
  }

  private static String summary(List<Violation> violations) {
    return violations.size()
        + (violations.size() == 1 ? " violation: " : " violations: ")
        + violations.stream()
            .limit(3)
            .map(v -> v.fieldPath() + ": " + v.message())
            .collect(Collectors.joining("; "));
  }
}
