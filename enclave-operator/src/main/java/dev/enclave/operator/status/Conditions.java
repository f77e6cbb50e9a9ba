package dev.enclave.operator.status;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Kubernetes-style status conditions: CamelCase reasons, and a {@code lastTransitionTime} that only
 * moves when a condition's status flips, so an unchanged status serialises byte for byte the same.
 */
public final class Conditions {
  public static final String TRUE = "True";
  public static final String FALSE = "False";
  public static final String UNKNOWN = "Unknown";

  private Conditions() {}

  /**
   * A condition without a transition time; {@link #merge} supplies it. An empty message is left
   * out, as the server would drop it and the next comparison would see a change.
   */
  public static Condition of(
      String type, boolean status, String reason, String message, Long observedGeneration) {
    return new ConditionBuilder()
        .withType(type)
        .withStatus(status ? TRUE : FALSE)
        .withReason(reason)
        .withMessage(message == null || message.isEmpty() ? null : message)
        .withObservedGeneration(observedGeneration)
        .build();
  }

  /**
   * The desired conditions in their given order, each keeping the previous lastTransitionTime when
   * its status did not change, else stamped with the clock's current second.
   */
  public static List<Condition> merge(
      List<Condition> previous, List<Condition> desired, Clock clock) {
    String now = timestamp(clock.instant());
    List<Condition> merged = new ArrayList<>(desired.size());
    for (Condition wanted : desired) {
      Optional<Condition> before = find(previous, wanted.getType());
      String since =
          before
              .filter(b -> Objects.equals(b.getStatus(), wanted.getStatus()))
              .map(Condition::getLastTransitionTime)
              .filter(Objects::nonNull)
              .orElse(now);
      merged.add(new ConditionBuilder(wanted).withLastTransitionTime(since).build());
    }
    return merged;
  }

  /**
   * {@code current} with {@code wanted} in place of any condition of its type, its
   * lastTransitionTime kept from {@code previous} when its status did not change.
   */
  public static List<Condition> put(
      List<Condition> current, List<Condition> previous, Condition wanted, Clock clock) {
    List<Condition> conditions = new ArrayList<>(current == null ? List.of() : current);
    conditions.removeIf(c -> wanted.getType().equals(c.getType()));
    conditions.add(merge(previous == null ? List.of() : previous, List.of(wanted), clock).get(0));
    return conditions;
  }

  public static Optional<Condition> find(List<Condition> conditions, String type) {
    if (conditions == null) {
      return Optional.empty();
    }
    return conditions.stream().filter(c -> Objects.equals(c.getType(), type)).findFirst();
  }

  public static boolean isTrue(List<Condition> conditions, String type) {
    return find(conditions, type).map(c -> TRUE.equals(c.getStatus())).orElse(false);
  }

  /** RFC 3339 with second precision, as the API server writes it. */
  public static String timestamp(Instant instant) {
    return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
  }
}
